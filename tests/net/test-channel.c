/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <migui.h>

#include "mig-channel-private.h"
#include "mig-channel-tls-private.h"
#include "mig-state-private.h"
#include "mig-test-env.h"

/*
 * MigChannel in one process, over real sockets on loopback: two ends
 * stream random bytes both ways while one end, the other, or both move
 * (freeze → saved state → JSON, as in a form tree → a fresh channel goes
 * live), and what each side read is compared byte for byte with what the
 * other wrote.  Then the full buffer, losses of the connection, a
 * listener that restarts, datagrams, the close, and hostile
 * re-associations.
 */

#define WAIT_MS 20000

/* Plain TCP, or TLS for the tests run again under /Mig/Channel/tls/. */
static MigChannelFlags test_flags;

typedef struct
{
  const char *name;
  MigChannel *channel;
  GByteArray *sent;
  GByteArray *received;
  gsize to_send;
  gboolean writing;
  gboolean reading;
  gboolean eof;
  guint8 *wbuf;
  gsize wlen;
  guint8 rbuf[32 * 1024];
  GRand *rand;
  GCancellable *cancellable;
  gboolean paused;          /* do not read */
} End;

static void end_write (End *end);
static void end_read (End *end);

static void
end_init (End        *end,
          const char *name,
          MigChannel *channel,
          gsize       to_send,
          guint32     seed)
{
  memset (end, 0, sizeof *end);
  end->name = name;
  end->channel = channel;
  end->sent = g_byte_array_new ();
  end->received = g_byte_array_new ();
  end->to_send = to_send;
  end->rand = g_rand_new_with_seed (seed);
  end->cancellable = g_cancellable_new ();
}

static void
end_clear (End *end)
{
  g_cancellable_cancel (end->cancellable);
  /* Let the cancelled calls finish before the buffers go. */
  while (end->writing || end->reading)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&end->cancellable);
  g_clear_object (&end->channel);
  g_byte_array_unref (end->sent);
  g_byte_array_unref (end->received);
  g_free (end->wbuf);
  g_rand_free (end->rand);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  End *end = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_output_stream_write_finish (G_OUTPUT_STREAM (source), result, &error);

  end->writing = FALSE;
  if (n < 0)
    {
      g_test_message ("%s: write failed: %s", end->name, error->message);
      /* A channel that moved away: the same bytes go to its successor. */
      return;
    }
  g_assert_nonnull (end->wbuf);
  g_assert_cmpint (n, <=, end->wlen);
  g_assert_cmpuint (end->sent->len + n, <=, end->to_send);
  g_byte_array_append (end->sent, end->wbuf, n);
  g_clear_pointer (&end->wbuf, g_free);
  end_write (end);
}

static void
end_write (End *end)
{
  gsize left = end->to_send - end->sent->len;

  if (end->writing || left == 0 || end->channel == NULL || g_cancellable_is_cancelled (end->cancellable))
    return;
  if (end->wbuf == NULL)
    {
      gsize want = g_rand_int_range (end->rand, 1, 100000);

      end->wlen = MIN (left, want);
      end->wbuf = g_malloc (end->wlen);
      for (gsize i = 0; i < end->wlen; i++)
        end->wbuf[i] = g_rand_int (end->rand) & 0xff;
    }
  end->writing = TRUE;
  g_output_stream_write_async (g_io_stream_get_output_stream (G_IO_STREAM (end->channel)), end->wbuf, end->wlen,
                               G_PRIORITY_DEFAULT, end->cancellable, write_done_cb, end);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  End *end = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  end->reading = FALSE;
  if (n < 0)
    return;
  if (n == 0)
    {
      end->eof = TRUE;
      return;
    }
  g_byte_array_append (end->received, end->rbuf, n);
  end_read (end);
}

static void
end_read (End *end)
{
  if (end->reading || end->eof || end->paused || end->channel == NULL ||
      g_cancellable_is_cancelled (end->cancellable))
    return;
  end->reading = TRUE;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (end->channel)), end->rbuf,
                             sizeof end->rbuf, G_PRIORITY_DEFAULT, end->cancellable, read_done_cb, end);
}

static void
end_start (End *end)
{
  end_write (end);
  end_read (end);
}

/* ---- Connecting ---- */

static MigChannelListener *
connect_pair (MigChannel **client,
              MigChannel **server)
{
  MigChannelListener *listener = mig_test_channel_pair (test_flags, server, client);
  struct { MigChannel *connected, *accepted; } pair = { *client, *server };

  g_assert_cmpstr (mig_channel_get_id (pair.connected), ==, mig_channel_get_id (pair.accepted));
  g_assert_cmpint (mig_channel_get_state (pair.connected), ==, MIG_CHANNEL_STATE_CONNECTED);
  g_assert_cmpint (mig_channel_get_tls (pair.connected), ==, (test_flags & MIG_CHANNEL_FLAGS_TLS) != 0);
  g_assert_cmpint (mig_channel_get_tls (pair.accepted), ==, (test_flags & MIG_CHANNEL_FLAGS_TLS) != 0);
  if (test_flags & MIG_CHANNEL_FLAGS_TLS)
    {
      /* Both ends see the same binding of their TLS connection, and it is
       * one: proofs made on it hold on it only. */
      guint8 a[MIG_CHANNEL_BINDING_SIZE], b[MIG_CHANNEL_BINDING_SIZE];
      static const guint8 zeros[MIG_CHANNEL_BINDING_SIZE];

      g_assert_true (G_IS_TLS_CONNECTION (pair.connected->conn));
      mig_channel_tls_binding (pair.connected->conn, a);
      mig_channel_tls_binding (pair.accepted->conn, b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      g_assert_true (memcmp (a, zeros, sizeof a) != 0);
    }
  return listener;
}

/* ---- Moving ---- */

static void
frozen_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (mig_channel_freeze_finish (MIG_CHANNEL (source), result, NULL));
  *done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* What a form tree does to the saved state: JSON text and back. */
static GVariant *
through_json (GVariant *saved)
{
  g_autoptr(JsonNode) node = mig_state_variant_to_json (saved);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  GVariant *back = mig_state_variant_from_json (parsed, &error);

  g_assert_no_error (error);
  return back;
}

/* Freezes the given ends at once, then each moves into a fresh channel. */
static void
move_ends (End **ends,
           guint n)
{
  gboolean done[4] = { FALSE, };
  MigChannel *fresh[4];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (done));
  for (guint i = 0; i < n; i++)
    mig_channel_freeze_async (ends[i]->channel, "127.0.0.1", NULL, frozen_cb, &done[i]);
  for (guint i = 0; i < n; i++)
    g_assert_true (mig_test_wait_for (flag_set, &done[i], WAIT_MS));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GVariant) saved = mig_channel_save (ends[i]->channel);
      g_autoptr(GVariant) carried = through_json (saved);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (mig_channel_get_state (ends[i]->channel), ==, MIG_CHANNEL_STATE_FROZEN);
      mig_channel_release (ends[i]->channel);
      fresh[i] = mig_channel_new_from_saved (carried, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mig_channel_get_id (fresh[i]), ==, mig_channel_get_id (ends[i]->channel));
    }
  for (guint i = 0; i < n; i++)
    {
      /* The old object's calls end; the successor takes over. */
      while (ends[i]->writing || ends[i]->reading)
        g_main_context_iteration (NULL, TRUE);
      g_object_unref (ends[i]->channel);
      ends[i]->channel = fresh[i];
      mig_channel_go_live (fresh[i]);
    }
  for (guint i = 0; i < n; i++)
    end_start (ends[i]);
}

typedef struct
{
  End *a;
  End *b;
  gsize a_target;   /* bytes b must have received from a */
  gsize b_target;
} Transfer;

static gboolean
transfer_done (gpointer data)
{
  Transfer *t = data;

  return t->b->received->len >= t->a_target && t->a->received->len >= t->b_target;
}

static gboolean
received_at_least (gpointer data)
{
  Transfer *t = data;

  return t->b->received->len >= t->a_target / 2 || t->a->received->len >= t->b_target / 2;
}

static void
assert_streams_equal (End *writer,
                      End *reader)
{
  g_test_message ("%s wrote %u (channel %" G_GUINT64_FORMAT "), %s read %u (channel %" G_GUINT64_FORMAT ")",
                  writer->name, writer->sent->len, mig_channel_get_bytes_written (writer->channel),
                  reader->name, reader->received->len, mig_channel_get_bytes_received (reader->channel));
  g_assert_cmpuint (reader->received->len, ==, writer->sent->len);
  g_assert_true (memcmp (reader->received->data, writer->sent->data, writer->sent->len) == 0);
}

static void
run_transfer_with_moves (guint moves_a,
                         guint moves_b,
                         guint moves_both)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  End a, b;
  Transfer t;
  gsize size = 3 * 1024 * 1024;
  guint32 seed = g_test_rand_int ();

  listener = connect_pair (&client, &server);
  end_init (&a, "client", client, size, seed);
  end_init (&b, "server", server, size, seed + 1);
  t.a = &a;
  t.b = &b;
  t.a_target = size;
  t.b_target = size;
  end_start (&a);
  end_start (&b);

  for (guint i = 0; i < moves_a + moves_b + moves_both; i++)
    {
      End *both[2] = { &a, &b };
      gsize mark_a = b.received->len, mark_b = a.received->len;
      Transfer some = { &a, &b, MIN (size, mark_a + size / 8) * 2, MIN (size, mark_b + size / 8) * 2 };

      /* Let some bytes flow between moves. */
      g_assert_true (mig_test_wait_for (received_at_least, &some, WAIT_MS));
      if (i < moves_a)
        move_ends (both, 1);
      else if (i < moves_a + moves_b)
        move_ends (both + 1, 1);
      else
        move_ends (both, 2);
    }

  g_assert_true (mig_test_wait_for (transfer_done, &t, WAIT_MS * 3));
  assert_streams_equal (&a, &b);
  assert_streams_equal (&b, &a);
  g_assert_cmpuint (mig_channel_get_bytes_received (a.channel), ==, size);
  g_assert_cmpuint (mig_channel_get_bytes_written (b.channel), ==, size);
  end_clear (&a);
  end_clear (&b);
}

static void
test_stream (void)
{
  run_transfer_with_moves (0, 0, 0);
}

static void
test_client_moves (void)
{
  run_transfer_with_moves (3, 0, 0);
}

static void
test_server_moves (void)
{
  run_transfer_with_moves (0, 3, 0);
}

static void
test_both_move (void)
{
  run_transfer_with_moves (1, 1, 2);
}

/* ---- The full buffer ---- */

static gboolean
writer_blocked (gpointer data)
{
  End *end = data;

  return end->writing && mig_channel_get_bytes_written (end->channel) >= 64 * 1024;
}

static void
test_buffer_full (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  End a, b;
  Transfer t;
  gsize size = 2 * 1024 * 1024;

  listener = connect_pair (&client, &server);
  mig_channel_set_buffer_size (client, 64 * 1024);
  end_init (&a, "client", client, size, 1);
  end_init (&b, "server", server, 0, 2);
  /* The server does not read: its window fills, then the client's buffer. */
  b.paused = TRUE;
  end_start (&a);
  end_start (&b);
  g_assert_true (mig_test_wait_for (writer_blocked, &a, WAIT_MS));
  /* Nothing was dropped: the write waits, with no more than the bound held. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (a.writing);
  g_assert_cmpuint (mig_channel_get_bytes_written (client) - client->out_acked, <=, 64 * 1024);
  g_assert_cmpuint (a.sent->len, <, size);

  b.paused = FALSE;
  end_read (&b);
  t = (Transfer) { &a, &b, size, 0 };
  g_assert_true (mig_test_wait_for (transfer_done, &t, WAIT_MS));
  assert_streams_equal (&a, &b);
  end_clear (&a);
  end_clear (&b);
}

/* ---- Losing the connection, and the listener restarting ---- */

static void
test_connection_lost (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  End a, b;
  Transfer t;
  gsize size = 2 * 1024 * 1024;
  guint16 port;
  g_autoptr(GError) error = NULL;

  listener = connect_pair (&client, &server);
  port = mig_channel_listener_get_port (listener);
  end_init (&a, "client", client, size, 3);
  end_init (&b, "server", server, size, 4);
  end_start (&a);
  end_start (&b);

  for (int i = 0; i < 3; i++)
    {
      Transfer some = { &a, &b, (i + 1) * size / 4 * 2, (i + 1) * size / 4 * 2 };

      g_assert_true (mig_test_wait_for (received_at_least, &some, WAIT_MS));
      /* The connection breaks under both ends (the server's socket). */
      mig_channel_tls_abort (server->conn);
      if (i == 1)
        {
          /* The listener goes and comes back: the channel does not need it. */
          mig_channel_listener_close (listener);
          g_assert_true (mig_channel_listener_listen (listener, "127.0.0.1", port, &error));
          g_assert_no_error (error);
        }
    }

  t = (Transfer) { &a, &b, size, size };
  g_assert_true (mig_test_wait_for (transfer_done, &t, WAIT_MS * 2));
  assert_streams_equal (&a, &b);
  assert_streams_equal (&b, &a);
  end_clear (&a);
  end_clear (&b);

  /* New channels still connect to the listener that came back. */
  {
    MigChannel *c2, *s2;
    g_autoptr(MigChannelListener) other = connect_pair (&c2, &s2);

    g_object_unref (c2);
    g_object_unref (s2);
  }
}

/* ---- Datagrams ---- */

typedef struct
{
  GPtrArray *payloads;
} Datagrams;

static void
datagram_cb (MigChannel *channel,
             GBytes     *payload,
             Datagrams  *got)
{
  g_ptr_array_add (got->payloads, g_bytes_ref (payload));
}

static gboolean
got_n (gpointer data)
{
  Datagrams *got = data;

  return got->payloads->len >= 3;
}

static void
test_datagrams (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  Datagrams at_server = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref) };
  Datagrams at_client = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref) };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (MIG_CHANNEL_MAX_DATAGRAM_SIZE + 1),
                                            MIG_CHANNEL_MAX_DATAGRAM_SIZE + 1);
  End a, *ends[1] = { &a };

  listener = connect_pair (&client, &server);
  g_signal_connect (server, "datagram-received", G_CALLBACK (datagram_cb), &at_server);
  g_signal_connect (client, "datagram-received", G_CALLBACK (datagram_cb), &at_client);

  g_assert_false (mig_channel_send_datagram (client, big, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_clear_error (&error);

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("key %d", i);
      g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));

      g_assert_true (mig_channel_send_datagram (client, payload, &error));
      g_assert_true (mig_channel_send_datagram (server, payload, &error));
    }
  g_assert_true (mig_test_wait_for (got_n, &at_server, WAIT_MS));
  g_assert_true (mig_test_wait_for (got_n, &at_client, WAIT_MS));
  g_assert_cmpmem (g_bytes_get_data (at_server.payloads->pdata[2], NULL), 5, "key 2", 5);

  /* A replayed datagram is not delivered twice. */
  {
    g_autoptr(GBytes) packet = mig_channel_datagram_new (client->id, client->secret, TRUE, 2, "key 1", 5);

    mig_channel_deliver_datagram (g_bytes_get_data (packet, NULL), g_bytes_get_size (packet));
    g_assert_cmpuint (at_server.payloads->len, ==, 3);
  }
  /* Nor one whose tag does not hold. */
  {
    g_autoptr(GBytes) packet = mig_channel_datagram_new (client->id, (const guint8 *) "0123456789abcdef0123456789abcdef",
                                                         TRUE, 10, "forged", 6);

    mig_channel_deliver_datagram (g_bytes_get_data (packet, NULL), g_bytes_get_size (packet));
    g_assert_cmpuint (at_server.payloads->len, ==, 3);
  }

  /* The client moves; datagrams sent while frozen go when it is back, and
   * the server's reach its new home. */
  end_init (&a, "client", client, 0, 5);
  {
    gboolean done = FALSE;

    mig_channel_freeze_async (client, "127.0.0.1", NULL, frozen_cb, &done);
    g_assert_true (mig_test_wait_for (flag_set, &done, WAIT_MS));
  }
  {
    g_autoptr(GBytes) payload = g_bytes_new_static ("held", 4);

    g_assert_true (mig_channel_send_datagram (client, payload, &error));
  }
  client->frozen = FALSE;   /* thawed only to let move_ends freeze it again */
  move_ends (ends, 1);
  client = a.channel;
  g_signal_connect (client, "datagram-received", G_CALLBACK (datagram_cb), &at_client);
  g_ptr_array_set_size (at_server.payloads, 0);
  g_ptr_array_set_size (at_client.payloads, 0);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new_static ("after", 5);

      g_assert_true (mig_channel_send_datagram (client, payload, &error));
      g_assert_true (mig_channel_send_datagram (server, payload, &error));
      g_assert_true (mig_channel_send_datagram (server, payload, &error));
    }
  g_assert_true (mig_test_wait_for (got_n, &at_server, WAIT_MS));
  g_assert_true (mig_test_wait_for (got_n, &at_client, WAIT_MS));
  g_assert_cmpmem (g_bytes_get_data (at_server.payloads->pdata[0], NULL), 4, "held", 4);

  g_ptr_array_unref (at_server.payloads);
  g_ptr_array_unref (at_client.payloads);
  end_clear (&a);
  g_object_unref (server);
}

/* ---- Closing ---- */

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_io_stream_close_finish (G_IO_STREAM (source), result, NULL));
  *done = TRUE;
}

static gboolean
at_eof (gpointer data)
{
  return ((End *) data)->eof;
}

static void
test_close (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  End a, b;
  gboolean closed = FALSE;
  g_autoptr(GError) error = NULL;
  gsize size = 300 * 1024;

  listener = connect_pair (&client, &server);
  end_init (&a, "client", client, size, 6);
  end_init (&b, "server", server, 0, 7);
  end_start (&a);
  end_start (&b);
  while (a.sent->len < size)
    g_main_context_iteration (NULL, TRUE);
  g_io_stream_close_async (G_IO_STREAM (client), G_PRIORITY_DEFAULT, NULL, closed_cb, &closed);
  g_assert_true (mig_test_wait_for (flag_set, &closed, WAIT_MS));
  /* Everything written arrives, then the end of the stream. */
  g_assert_true (mig_test_wait_for (at_eof, &b, WAIT_MS));
  assert_streams_equal (&a, &b);
  g_assert_cmpint (mig_channel_get_state (server), ==, MIG_CHANNEL_STATE_CLOSED);
  g_assert_cmpint (g_output_stream_write (g_io_stream_get_output_stream (G_IO_STREAM (server)), "x", 1, NULL,
                                          &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  end_clear (&a);
  end_clear (&b);
}

/* ---- Hostile re-associations ---- */

typedef struct
{
  GSocketConnection *conn;
} Raw;

static GBytes *
raw_exchange (GSocketConnection *conn,
              GBytes            *send)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_autoptr(GError) error = NULL;
  guint8 header[MIG_CHANNEL_HEADER_SIZE];
  gsize got = 0;
  guint32 length;
  guint8 *payload;

  g_assert_true (g_output_stream_write_all (out, g_bytes_get_data (send, NULL), g_bytes_get_size (send), NULL,
                                            NULL, &error));
  g_assert_no_error (error);
  if (!g_input_stream_read_all (in, header, sizeof header, &got, NULL, NULL) || got != sizeof header)
    return NULL;
  length = (guint32) header[1] << 24 | header[2] << 16 | header[3] << 8 | header[4];
  g_assert_cmpuint (length, <=, MIG_CHANNEL_MAX_CONTROL);
  payload = g_malloc (MIG_CHANNEL_HEADER_SIZE + length);
  memcpy (payload, header, sizeof header);
  g_assert_true (g_input_stream_read_all (in, payload + MIG_CHANNEL_HEADER_SIZE, length, &got, NULL, NULL));
  g_assert_cmpuint (got, ==, length);
  return g_bytes_new_take (payload, MIG_CHANNEL_HEADER_SIZE + length);
}

/* The connection ends after a refusal, with nothing of the channel's. */
static gssize read_after (GSocketConnection *conn);

static void
assert_refused (GSocketConnection *conn,
                GBytes            *answer,
                MigRefuseCode      code)
{
  MigFrame frame;
  MigRefuse refuse;
  gsize consumed;

  g_assert_nonnull (answer);
  g_assert_cmpint (mig_channel_frame_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &frame,
                                            &consumed, NULL), ==, 1);
  g_assert_cmpint (frame.type, ==, MIG_FRAME_REFUSE);
  g_assert_true (mig_channel_parse_refuse (&frame, &refuse, NULL));
  g_assert_cmpint (refuse.code, ==, code);
  g_free (refuse.text);
  g_assert_cmpint (read_after (conn), ==, 0);
}

typedef struct
{
  GSocketConnection *conn;
  GBytes *answer;
  GBytes *send;
  gboolean done;
  gssize after;
} RawCall;

/* The exchange runs in a thread, the channel's side in the main loop. */
static gpointer
raw_thread (gpointer data)
{
  RawCall *call = data;

  if (call->send != NULL)
    call->answer = raw_exchange (call->conn, call->send);
  else
    {
      guint8 byte;
      g_autoptr(GError) error = NULL;

      call->after = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (call->conn)), &byte, 1,
                                         NULL, &error);
      /* A close with our bytes unread resets the connection: ended too. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        call->after = 0;
      else if (error != NULL)
        g_test_message ("after the answer: %s", error->message);
    }
  g_atomic_int_set (&call->done, TRUE);
  return NULL;
}

/* What comes after the last frame: 0 for the end of the connection. */
static gssize
read_after (GSocketConnection *conn)
{
  RawCall call = { conn, NULL, NULL, FALSE, -1 };
  GThread *thread = g_thread_new ("raw", raw_thread, &call);

  while (!g_atomic_int_get (&call.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  return call.after;
}

static GBytes *
exchange (GSocketConnection *conn,
          GBytes            *send)
{
  RawCall call = { conn, NULL, send, FALSE, -1 };
  GThread *thread = g_thread_new ("raw", raw_thread, &call);

  while (!g_atomic_int_get (&call.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  return call.answer;
}

static gboolean
atomic_flag (gpointer data)
{
  return g_atomic_int_get ((gboolean *) data);
}

static GSocketConnection *
raw_connect (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                             mig_channel_rendezvous_get_port (), NULL, &error);

  g_assert_no_error (error);
  return conn;
}

static const guint8 no_binding[32];

static void
test_hostile (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  End a, b;
  Transfer t;
  gsize size = 256 * 1024;
  MigReassoc reassoc;
  MigFrame frame;
  MigChallenge challenge;
  MigProof proof = { 0, };
  gsize consumed;
  g_autoptr(GBytes) recorded_proof = NULL;
  (void) atomic_flag;

  listener = connect_pair (&client, &server);
  end_init (&a, "client", client, size, 8);
  end_init (&b, "server", server, size, 9);
  end_start (&a);
  end_start (&b);

  /* An association nobody here has. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect ();
    g_autoptr(GBytes) send = NULL, answer = NULL;

    mig_channel_random (reassoc.id, sizeof reassoc.id);
    mig_channel_random (reassoc.nonce, sizeof reassoc.nonce);
    reassoc.from_client = TRUE;
    send = mig_channel_reassoc_new (&reassoc);
    answer = exchange (conn, send);
    assert_refused (conn, answer, MIG_REFUSE_UNKNOWN);
  }

  /* Not the protocol at all. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect ();
    g_autoptr(GBytes) send = g_bytes_new_static ("GET / HTTP/1.1\r\n\r\n", 18);
    g_autoptr(GBytes) answer = exchange (conn, send);

    assert_refused (conn, answer, MIG_REFUSE_PROTOCOL);
  }

  /* The right association with a wrong proof. */
  memcpy (reassoc.id, server->id, sizeof reassoc.id);
  {
    g_autoptr(GSocketConnection) conn = raw_connect ();
    g_autoptr(GBytes) send = NULL, answer = NULL, proof_frame = NULL;

    mig_channel_random (reassoc.nonce, sizeof reassoc.nonce);
    send = mig_channel_reassoc_new (&reassoc);
    answer = exchange (conn, send);
    g_assert_cmpint (mig_channel_frame_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &frame,
                                              &consumed, NULL), ==, 1);
    g_assert_true (mig_channel_parse_challenge (&frame, &challenge, NULL));
    mig_channel_random (proof.proof, sizeof proof.proof);
    proof.port = 9;
    proof.received = mig_channel_get_bytes_written (server);
    proof_frame = mig_channel_proof_new (&proof);
    g_bytes_unref (answer);
    answer = exchange (conn, proof_frame);
    assert_refused (conn, answer, MIG_REFUSE_PROOF);
  }

  /* A right proof, with counters outside what the server holds. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect ();
    g_autoptr(GBytes) send = NULL, answer = NULL;

    mig_channel_random (reassoc.nonce, sizeof reassoc.nonce);
    send = mig_channel_reassoc_new (&reassoc);
    answer = exchange (conn, send);
    g_assert_cmpint (mig_channel_frame_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &frame,
                                              &consumed, NULL), ==, 1);
    g_assert_true (mig_channel_parse_challenge (&frame, &challenge, NULL));
    mig_channel_compute_proof (client->secret, "dialer", client->id, challenge.nonce, reassoc.nonce, no_binding,
                               proof.proof);
    proof.received = mig_channel_get_bytes_written (server) + 1000;
    recorded_proof = mig_channel_proof_new (&proof);
    g_bytes_unref (answer);
    answer = exchange (conn, recorded_proof);
    assert_refused (conn, answer, MIG_REFUSE_COUNTERS);
  }

  /* That proof, replayed against a fresh challenge (with good counters it
   * would still be for another nonce). */
  {
    g_autoptr(GSocketConnection) conn = raw_connect ();
    g_autoptr(GBytes) send = NULL, answer = NULL, replay = NULL;

    send = mig_channel_reassoc_new (&reassoc);
    answer = exchange (conn, send);
    proof.received = server->out_acked;
    mig_channel_compute_proof (client->secret, "dialer", client->id, challenge.nonce, reassoc.nonce, no_binding,
                               proof.proof);
    replay = mig_channel_proof_new (&proof);
    g_bytes_unref (answer);
    answer = exchange (conn, replay);
    assert_refused (conn, answer, MIG_REFUSE_PROOF);
  }

  /* None of it disturbed the channel. */
  g_assert_cmpint (mig_channel_get_state (server), ==, MIG_CHANNEL_STATE_CONNECTED);
  t = (Transfer) { &a, &b, size, size };
  g_assert_true (mig_test_wait_for (transfer_done, &t, WAIT_MS));
  assert_streams_equal (&a, &b);
  assert_streams_equal (&b, &a);
  end_clear (&a);
  end_clear (&b);
}

/* ---- Saved state that is not right ---- */

static void
test_bad_saved_state (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  g_autoptr(GVariant) saved = NULL;
  const char *cases[][2] = {
    { "id", "<'xyz'>" },
    { "secret", "<'c2hvcnQ='>" },
    { "secret", "<'!!!!'>" },
    { "peer-host", "<''>" },
    { "peer-host", "<'a b'>" },
    { "peer-port", "<uint16 0>" },
    { "buffer-size", "<uint64 1>" },
    { "unacked", NULL },  /* more than the buffer holds */
    { "received", "<uint64 0>" },
    { "client", "<'yes'>" },
    { "reconnect-timeout", "<uint32 0>" },
    { "held-datagrams", "<['AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', "
                        "'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', "
                        "'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', "
                        "'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', "
                        "'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', "
                        "'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=', "
                        "'AAA=', 'AAA=', 'AAA=', 'AAA=', 'AAA=']>" },
  };

  listener = connect_pair (&client, &server);
  mig_channel_set_buffer_size (client, 64 * 1024);
  saved = mig_channel_save (client);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (saved);
      g_autoptr(GVariant) value = NULL;
      g_autoptr(GVariant) bad = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MigChannel) channel = NULL;

      if (cases[i][1] != NULL)
        value = g_variant_parse (NULL, cases[i][1], NULL, NULL, NULL);
      else
        {
          g_autofree guint8 *zeros = g_malloc0 (64 * 1024 + 1);
          g_autofree char *text = g_base64_encode (zeros, 64 * 1024 + 1);

          value = g_variant_ref_sink (g_variant_new_variant (g_variant_new_string (text)));
        }
      g_assert_nonnull (value);
      g_variant_dict_insert_value (&dict, cases[i][0], g_variant_get_variant (value));
      if (strcmp (cases[i][0], "received") == 0)
        g_variant_dict_insert (&dict, "unread", "s", "AAAA");
      bad = g_variant_ref_sink (g_variant_dict_end (&dict));
      channel = mig_channel_new_from_saved (bad, &error);
      g_test_message ("%s = %s: %s", cases[i][0], cases[i][1] != NULL ? cases[i][1] : "(too long)",
                      error != NULL ? error->message : "accepted");
      g_assert_null (channel);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
  {
    g_autoptr(GVariant) wrong = g_variant_new_string ("no");
    g_autoptr(GError) error = NULL;

    g_variant_ref_sink (wrong);
    g_assert_null (mig_channel_new_from_saved (wrong, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
  g_object_unref (client);
  g_object_unref (server);
}

/* A channel made over TLS is never taken back in plain text. */
static void
test_tls_downgrade (void)
{
  g_autoptr(MigChannelListener) listener = NULL;
  MigChannel *client, *server;
  MigReassoc reassoc;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GBytes) send = NULL, answer = NULL;

  test_flags = MIG_CHANNEL_FLAGS_TLS;
  listener = connect_pair (&client, &server);
  test_flags = MIG_CHANNEL_FLAGS_NONE;
  conn = raw_connect ();
  memcpy (reassoc.id, server->id, sizeof reassoc.id);
  mig_channel_random (reassoc.nonce, sizeof reassoc.nonce);
  reassoc.from_client = TRUE;
  send = mig_channel_reassoc_new (&reassoc);
  answer = exchange (conn, send);
  assert_refused (conn, answer, MIG_REFUSE_PROTOCOL);
  g_assert_cmpint (mig_channel_get_state (server), ==, MIG_CHANNEL_STATE_CONNECTED);
  g_object_unref (client);
  g_object_unref (server);
}

#define TLS_VARIANT(name) \
  static void test_tls_##name (void) { test_flags = MIG_CHANNEL_FLAGS_TLS; test_##name (); test_flags = 0; }
TLS_VARIANT (stream)
TLS_VARIANT (client_moves)
TLS_VARIANT (both_move)
TLS_VARIANT (connection_lost)
TLS_VARIANT (datagrams)
TLS_VARIANT (close)

int
main (int   argc,
      char *argv[])
{
  mig_test_env_init_installed (&argc, &argv, "org.migui.ChannelTest", "Channel test");

  g_test_add_func ("/Mig/Channel/stream", test_stream);
  g_test_add_func ("/Mig/Channel/client-moves", test_client_moves);
  g_test_add_func ("/Mig/Channel/server-moves", test_server_moves);
  g_test_add_func ("/Mig/Channel/both-move", test_both_move);
  g_test_add_func ("/Mig/Channel/buffer-full", test_buffer_full);
  g_test_add_func ("/Mig/Channel/connection-lost", test_connection_lost);
  g_test_add_func ("/Mig/Channel/datagrams", test_datagrams);
  g_test_add_func ("/Mig/Channel/close", test_close);
  g_test_add_func ("/Mig/Channel/hostile", test_hostile);
  g_test_add_func ("/Mig/Channel/bad-saved-state", test_bad_saved_state);
  g_test_add_func ("/Mig/Channel/tls/stream", test_tls_stream);
  g_test_add_func ("/Mig/Channel/tls/client-moves", test_tls_client_moves);
  g_test_add_func ("/Mig/Channel/tls/both-move", test_tls_both_move);
  g_test_add_func ("/Mig/Channel/tls/connection-lost", test_tls_connection_lost);
  g_test_add_func ("/Mig/Channel/tls/datagrams", test_tls_datagrams);
  g_test_add_func ("/Mig/Channel/tls/close", test_tls_close);
  g_test_add_func ("/Mig/Channel/tls/no-downgrade", test_tls_downgrade);
  return mig_test_env_run ();
}
