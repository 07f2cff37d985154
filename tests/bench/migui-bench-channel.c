/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <malloc.h>
#include <string.h>
#include <migui.h>

#include "mig-channel-private.h"
#include "mig-identity-private.h"

/*
 * migui-bench-channel: what a MigChannel costs.  Throughput through a
 * channel against plain TCP and TLS on the same path (loopback unless
 * --host names this host's address on another interface), the memory of
 * an idle channel, and how long a stream stops while one end moves
 * (freeze, saved state, a new channel going live) in one process.  Needs
 * no display.
 */

#define CHUNK (64 * 1024)

static GMainLoop *loop;

/* ---- Moving bytes through any GIOStream pair ---- */

typedef struct
{
  GIOStream *writer;
  GIOStream *reader;
  guint64 total;
  guint64 written;
  guint64 read;
  guint8 *wbuf;
  guint8 *rbuf;
  gint64 start;
  gint64 end;
} Pump;

static void pump_write (Pump *pump);
static void pump_read (Pump *pump);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pump *pump = user_data;
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &n, &error))
    g_error ("write: %s", error->message);
  pump->written += n;
  pump_write (pump);
}

static void
pump_write (Pump *pump)
{
  gsize n = MIN (CHUNK, pump->total - pump->written);

  if (n > 0)
    g_output_stream_write_all_async (g_io_stream_get_output_stream (pump->writer), pump->wbuf, n,
                                     G_PRIORITY_DEFAULT, NULL, written_cb, pump);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pump *pump = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    g_error ("read: %s", error != NULL ? error->message : "end of stream");
  pump->read += n;
  if (pump->read >= pump->total)
    {
      pump->end = g_get_monotonic_time ();
      g_main_loop_quit (loop);
      return;
    }
  pump_read (pump);
}

static void
pump_read (Pump *pump)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (pump->reader), pump->rbuf, CHUNK, G_PRIORITY_DEFAULT,
                             NULL, read_cb, pump);
}

/* MB/s from @writer to @reader. */
static double
measure (GIOStream *writer,
         GIOStream *reader,
         guint64    total)
{
  Pump pump = { writer, reader, total, 0, 0, g_malloc (CHUNK), g_malloc (CHUNK), 0, 0 };

  for (gsize i = 0; i < CHUNK; i++)
    pump.wbuf[i] = i * 7;
  pump.start = g_get_monotonic_time ();
  pump_write (&pump);
  pump_read (&pump);
  g_main_loop_run (loop);
  g_free (pump.wbuf);
  g_free (pump.rbuf);
  return total / ((pump.end - pump.start) / 1e6) / 1e6;
}

/* ---- Plain TCP and TLS pairs ---- */

typedef struct
{
  GIOStream *accepted;
  GTlsCertificate *certificate;
} Accepting;

static void
server_handshake_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    g_error ("TLS handshake: %s", error->message);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *conn,
             GObject           *source,
             Accepting         *accepting)
{
  if (accepting->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;
      GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (conn), accepting->certificate, &error);

      if (tls == NULL)
        g_error ("TLS: %s", error->message);
      g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL, server_handshake_cb,
                                        NULL);
      accepting->accepted = tls;
    }
  else
    accepting->accepted = G_IO_STREAM (g_object_ref (conn));
  return TRUE;
}

static gboolean
accept_any_cb (GTlsConnection       *conn,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors)
{
  return TRUE;   /* the benchmark's own certificate */
}

static void
client_handshake_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    g_error ("TLS handshake: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static void
stream_pair (const char       *host,
             GTlsCertificate  *certificate,
             GIOStream       **client_out,
             GIOStream       **server_out)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  Accepting accepting = { NULL, certificate };
  guint16 port;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    g_error ("listen: %s", error->message);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &accepting);
  g_socket_service_start (service);
  conn = g_socket_client_connect_to_host (client, host, port, NULL, &error);
  if (conn == NULL)
    g_error ("connect: %s", error->message);
  while (accepting.accepted == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (certificate != NULL)
    {
      GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM (conn), NULL, &error);

      if (tls == NULL)
        g_error ("TLS: %s", error->message);
      gboolean done = FALSE;

      g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
      /* The server's side of the handshake runs in this loop too. */
      g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                        client_handshake_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      *client_out = tls;
    }
  else
    *client_out = G_IO_STREAM (g_steal_pointer (&conn));
  *server_out = accepting.accepted;
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* ---- Channel pairs ---- */

typedef struct
{
  MigChannel *accepted;
  MigChannel *connected;
} ChannelPair;

static void
channel_incoming_cb (MigChannelListener *listener,
                     MigChannel         *channel,
                     ChannelPair        *pair)
{
  pair->accepted = g_object_ref (channel);
}

static void
channel_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ChannelPair *pair = user_data;
  g_autoptr(GError) error = NULL;

  pair->connected = mig_channel_connect_finish (result, &error);
  if (pair->connected == NULL)
    g_error ("channel: %s", error->message);
}

static void
channel_pair_with (MigChannelListener *listener,
                   const char         *host,
                   MigChannelFlags     flags,
                   MigChannel        **client,
                   MigChannel        **server)
{
  ChannelPair pair = { NULL, NULL };
  gulong id = g_signal_connect (listener, "incoming", G_CALLBACK (channel_incoming_cb), &pair);

  mig_channel_connect_async (host, mig_channel_listener_get_port (listener), flags, NULL, channel_connected_cb,
                             &pair);
  while (pair.accepted == NULL || pair.connected == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (listener, id);
  *client = pair.connected;
  *server = pair.accepted;
}

static void
channel_pair (MigChannelListener *listener,
              const char         *host,
              MigChannel        **client,
              MigChannel        **server)
{
  channel_pair_with (listener, host, MIG_CHANNEL_FLAGS_NONE, client, server);
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static double
median (GArray *values)
{
  double *v = (double *) values->data;

  for (guint i = 1; i < values->len; i++)
    for (guint j = i; j > 0 && v[j - 1] > v[j]; j--)
      {
        double t = v[j];

        v[j] = v[j - 1];
        v[j - 1] = t;
      }
  return values->len > 0 ? v[values->len / 2] : 0;
}

/* ---- The stream stopping while one end moves ---- */

typedef struct
{
  MigChannel *reader;
  guint8 buf[4096];
  gint64 last;        /* when the last byte arrived */
  gint64 gap;         /* the longest time without a byte since gap_from */
  gboolean reading;
} Ticker;

static void ticker_read (Ticker *ticker);

static void
ticker_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Ticker *ticker = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  gint64 now = g_get_monotonic_time ();

  ticker->reading = FALSE;
  if (n <= 0)
    return;
  if (ticker->last != 0)
    ticker->gap = MAX (ticker->gap, now - ticker->last);
  ticker->last = now;
  ticker_read (ticker);
}

static void
ticker_read (Ticker *ticker)
{
  ticker->reading = TRUE;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (ticker->reader)), ticker->buf,
                             sizeof ticker->buf, G_PRIORITY_DEFAULT, NULL, ticker_cb, ticker);
}

static gboolean
tick_cb (gpointer user_data)
{
  MigChannel *writer = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GBytes) bytes = g_bytes_new (&now, sizeof now);

  g_output_stream_write_bytes_async (g_io_stream_get_output_stream (G_IO_STREAM (writer)), bytes,
                                     G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  return G_SOURCE_CONTINUE;
}

static void
frozen_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  mig_channel_freeze_finish (MIG_CHANNEL (source), result, NULL);
  g_main_loop_quit (loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_timeout_add (ms, quit_cb, NULL);
  g_main_loop_run (loop);
}

/* One move of the reading end while the other writes every millisecond:
 * returns the longest silence the reader saw, and the move itself. */
static void
measure_move (MigChannelListener *listener,
              const char         *host,
              double             *silence_ms,
              double             *move_ms)
{
  MigChannel *client, *server;
  Ticker ticker = { 0, };
  guint tick;
  gint64 start;
  g_autoptr(GVariant) saved = NULL;
  MigChannel *moved;

  channel_pair (listener, host, &client, &server);
  ticker.reader = client;
  ticker_read (&ticker);
  tick = g_timeout_add (1, tick_cb, server);
  run_for (100);

  ticker.gap = 0;
  start = g_get_monotonic_time ();
  mig_channel_freeze_async (client, host, NULL, frozen_cb, NULL);
  g_main_loop_run (loop);
  saved = mig_channel_save (client);
  mig_channel_release (client);
  while (ticker.reading)
    g_main_context_iteration (NULL, TRUE);
  moved = mig_channel_new_from_saved (saved, NULL);
  mig_channel_go_live (moved);
  ticker.reader = moved;
  ticker.last = 0;
  ticker_read (&ticker);
  while (ticker.last == 0)
    g_main_context_iteration (NULL, TRUE);
  *move_ms = (ticker.last - start) / 1000.0;
  /* The silence: from the last byte before the freeze to the first after. */
  *silence_ms = *move_ms;
  run_for (50);

  g_source_remove (tick);
  g_object_unref (client);
  g_object_unref (server);
  g_object_unref (moved);
  run_for (20);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigChannelListener) listener = NULL;
  g_autofree char *host = g_strdup ("127.0.0.1");
  g_autofree char *config = NULL;
  g_autoptr(MigIdentity) identity = NULL;
  int megabytes = 256, idle = 1000, moves = 21;
  GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "This host's address to run over (default 127.0.0.1)", "ADDRESS" },
    { "megabytes", 'm', 0, G_OPTION_ARG_INT, &megabytes, "MiB per throughput run (default 256)", "N" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &idle, "Idle channels for the memory figure (default 1000)", "N" },
    { "moves", 0, 0, G_OPTION_ARG_INT, &moves, "Moves for the interruption figure (default 21)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— what a MigChannel costs");
  guint64 total;
  double tcp = 0, tls = 0, channel = 0, channel_tls = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("migui-bench-channel: %s\n", error->message);
      return 2;
    }
  loop = g_main_loop_new (NULL, FALSE);
  total = (guint64) megabytes * 1024 * 1024;
  config = g_dir_make_tmp ("migui-bench-XXXXXX", NULL);
  identity = mig_identity_load (config, &error);
  if (identity == NULL)
    g_error ("%s", error->message);
  listener = mig_channel_listener_new ();
  if (!mig_channel_listener_listen (listener, host, 0, &error))
    g_error ("%s", error->message);

  g_print ("libmigui %s; MigChannel over %s\n\n", MIG_VERSION_S, host);

  /* Throughput: three rounds, alternating, best of each. */
  for (int round = 0; round < 3; round++)
    {
      GIOStream *a, *b;
      MigChannel *ca, *cb;

      stream_pair (host, NULL, &a, &b);
      tcp = MAX (tcp, measure (a, b, total));
      g_object_unref (a);
      g_object_unref (b);

      stream_pair (host, mig_identity_get_certificate (identity), &a, &b);
      tls = MAX (tls, measure (a, b, total));
      g_object_unref (a);
      g_object_unref (b);

      channel_pair (listener, host, &ca, &cb);
      channel = MAX (channel, measure (G_IO_STREAM (ca), G_IO_STREAM (cb), total));
      g_object_unref (ca);
      g_object_unref (cb);
      run_for (20);

      channel_pair_with (listener, host, MIG_CHANNEL_FLAGS_TLS, &ca, &cb);
      channel_tls = MAX (channel_tls, measure (G_IO_STREAM (ca), G_IO_STREAM (cb), total));
      g_object_unref (ca);
      g_object_unref (cb);
      run_for (20);
    }
  g_print ("throughput, one direction, %d MiB, best of 3 (MB/s)\n", megabytes);
  g_print ("  plain TCP   %8.0f\n", tcp);
  g_print ("  TLS         %8.0f\n", tls);
  g_print ("  MigChannel  %8.0f   %.0f%% of TCP\n", channel, 100 * channel / tcp);
  g_print ("  MigChannel over TLS %0.0f   %.0f%% of TLS\n\n", channel_tls, 100 * channel_tls / tls);

  /* Memory of idle channels: both ends live here. */
  {
    GPtrArray *channels = g_ptr_array_new_with_free_func (g_object_unref);
    gsize before, after;

    run_for (50);
    malloc_trim (0);
    before = heap_in_use ();
    for (int i = 0; i < idle; i++)
      {
        MigChannel *ca, *cb;

        channel_pair (listener, host, &ca, &cb);
        g_ptr_array_add (channels, ca);
        g_ptr_array_add (channels, cb);
      }
    run_for (100);
    after = heap_in_use ();
    g_print ("memory of an idle channel (heap of this process, %d pairs): %.1f kB per end\n\n", idle,
             (after - before) / 1024.0 / (2.0 * idle));
    g_ptr_array_unref (channels);
    run_for (100);
  }

  /* A stream of one 8-byte message a millisecond while its reader moves. */
  {
    g_autoptr(GArray) silences = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) moves_ms = g_array_new (FALSE, FALSE, sizeof (double));
    double min = G_MAXDOUBLE, max = 0;

    for (int i = 0; i < moves; i++)
      {
        double silence, move;

        measure_move (listener, host, &silence, &move);
        g_array_append_val (silences, silence);
        g_array_append_val (moves_ms, move);
        min = MIN (min, silence);
        max = MAX (max, silence);
      }
    g_print ("a stream's silence while its reading end moves (freeze, save, a new channel\n"
             "going live and re-associating, in this process), %d moves:\n"
             "  median %.2f ms, min %.2f, max %.2f\n", moves, median (silences), min, max);
  }
  mig_channel_listener_close (listener);
  return 0;
}
