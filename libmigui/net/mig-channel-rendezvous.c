/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gi18n-lib.h>

#include "mig-channel-private.h"
#include "mig-channel-tls-private.h"

/*
 * The accepting side, shared by the whole process: the table of its
 * associations (ID → channel), its rendezvous (a TCP port where moved
 * peers find their channels again, and a UDP socket on the same port
 * number for datagrams), and the handshakes of a connection that arrives
 * there or at a MigChannelListener.
 */

#define HANDSHAKE_TIMEOUT 5
#define MAX_HANDSHAKES 64

/* Keyed by the ID and the end's role (the two ends of one association may
 * live in one process): 17 bytes, as a GBytes. */
static GHashTable *associations;   /* key → MigChannel, not owned */
static GSocketService *rendezvous;
static guint16 rendezvous_port;
static GSocket *udp4;
static GSocket *udp6;
static guint handshakes;

static guint
id_hash (gconstpointer key)
{
  return g_bytes_hash (key);
}

static gboolean
id_equal (gconstpointer a,
          gconstpointer b)
{
  return g_bytes_equal (a, b);
}

static GBytes *
make_key (const guint8 *id,
          gboolean      is_client)
{
  guint8 key[MIG_CHANNEL_ID_SIZE + 1];

  memcpy (key, id, MIG_CHANNEL_ID_SIZE);
  key[MIG_CHANNEL_ID_SIZE] = is_client ? 1 : 0;
  return g_bytes_new (key, sizeof key);
}

void
mig_channel_register (MigChannel *self)
{
  if (self->registered)
    return;
  if (associations == NULL)
    associations = g_hash_table_new_full (id_hash, id_equal, (GDestroyNotify) g_bytes_unref, NULL);
  g_hash_table_replace (associations, make_key (self->id, self->is_client), self);
  self->registered = TRUE;
}

void
mig_channel_unregister (MigChannel *self)
{
  g_autoptr(GBytes) key = NULL;

  if (!self->registered)
    return;
  key = make_key (self->id, self->is_client);
  if (g_hash_table_lookup (associations, key) == self)
    g_hash_table_remove (associations, key);
  self->registered = FALSE;
}

MigChannel *
mig_channel_lookup (const guint8 *id,
                    gboolean      is_client)
{
  g_autoptr(GBytes) key = make_key (id, is_client);

  return associations != NULL ? g_hash_table_lookup (associations, key) : NULL;
}

/* ---- Datagrams ---- */

void
mig_channel_deliver_datagram (const guint8 *data,
                              gsize         length)
{
  guint8 id[MIG_CHANNEL_ID_SIZE];
  gboolean from_client;
  MigChannel *channel;

  if (!mig_channel_datagram_peek_id (data, length, id, &from_client))
    return;
  channel = mig_channel_lookup (id, !from_client);
  if (channel != NULL)
    {
      g_object_ref (channel);
      mig_channel_receive_datagram (channel, data, length);
      g_object_unref (channel);
    }
}

static gboolean
udp_readable_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  guint8 buffer[MIG_CHANNEL_DATAGRAM_HEADER + MIG_CHANNEL_MAX_DATAGRAM + 1];

  for (int i = 0; i < 64; i++)
    {
      gssize n = g_socket_receive_from (socket, NULL, (char *) buffer, sizeof buffer, NULL, NULL);

      if (n < 0)
        break;
      mig_channel_deliver_datagram (buffer, n);
    }
  return G_SOURCE_CONTINUE;
}

static GSocket *
open_udp (GSocketFamily family,
          guint16       port,
          GError      **error)
{
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSource) source = NULL;

  if (socket == NULL)
    return NULL;
  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, 1, NULL);
  any = g_inet_address_new_any (family);
  address = g_inet_socket_address_new (any, port);
  if (!g_socket_bind (socket, address, FALSE, error))
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) G_CALLBACK (udp_readable_cb), NULL, NULL);
  g_source_attach (source, NULL);
  return g_steal_pointer (&socket);
}

void
mig_channel_send_udp (MigChannel *self,
                      GBytes     *packet)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->peer_host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  gsize size;
  gconstpointer data = g_bytes_get_data (packet, &size);

  if (inet == NULL)
    return;
  socket = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? udp6 : udp4;
  if (socket == NULL)
    return;
  address = g_inet_socket_address_new (inet, self->peer_port);
  if (g_socket_send_to (socket, address, data, size, NULL, &error) < 0)
    g_debug ("Channel %s: a datagram to %s could not be sent: %s", self->id_string, self->peer_host,
             error->message);
}

/* ---- The rendezvous ---- */

static gboolean
rendezvous_incoming_cb (GSocketService    *service,
                        GSocketConnection *conn,
                        GObject           *source_object,
                        gpointer           user_data)
{
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (conn, NULL);

  mig_channel_serve_connection (G_IO_STREAM (conn), remote, NULL, NULL);
  return TRUE;
}

static gboolean
try_open (guint16   port,
          GError  **error)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocket) v4 = NULL;
  guint16 bound = port;

  if (port == 0)
    bound = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, error);
  else if (!g_socket_listener_add_inet_port (G_SOCKET_LISTENER (service), port, NULL, error))
    bound = 0;
  if (bound == 0)
    return FALSE;
  v4 = open_udp (G_SOCKET_FAMILY_IPV4, bound, error);
  if (v4 == NULL)
    {
      g_socket_listener_close (G_SOCKET_LISTENER (service));
      return FALSE;
    }
  udp6 = open_udp (G_SOCKET_FAMILY_IPV6, bound, NULL);
  udp4 = g_steal_pointer (&v4);
  g_signal_connect (service, "incoming", G_CALLBACK (rendezvous_incoming_cb), NULL);
  g_socket_service_start (service);
  rendezvous = g_steal_pointer (&service);
  rendezvous_port = bound;
  g_debug ("Channel rendezvous on port %u", bound);
  return TRUE;
}

/* Opens the process's rendezvous, on @preferred_port if it is free (a
 * channel that moved keeps its port where it can, so that a peer moving at
 * the same time finds it), else on any port. */
gboolean
mig_channel_rendezvous_ensure (guint16   preferred_port,
                               GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (rendezvous != NULL)
    return TRUE;
  if (preferred_port != 0 && try_open (preferred_port, &local_error))
    return TRUE;
  for (int i = 0; i < 8; i++)
    {
      g_clear_error (&local_error);
      /* TCP's free port may be taken in UDP: try another. */
      if (try_open (0, &local_error))
        return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not open a port for this application’s channels: %s"), local_error->message);
  return FALSE;
}

guint16
mig_channel_rendezvous_get_port (void)
{
  return rendezvous_port;
}

/* Handshakes going on, for the fuzzer to wait for. */
guint
mig_channel_rendezvous_get_handshakes (void)
{
  return handshakes;
}

/* ---- Serving a connection that arrives ---- */

typedef struct
{
  GIOStream *conn;              /* the socket's, then TLS over it if the peer starts TLS */
  gboolean tls;
  char *remote_host;
  MigChannelAccepted accepted;
  GObject *listener;
  MigChannel *channel;
  GCancellable *cancellable;
  guint timeout;
  guint8 nonce[MIG_CHANNEL_NONCE_SIZE];
  GBytes *out;                   /* the frame being written */
  guint64 dialer_received;
  guint16 dialer_port;
  gboolean then_adopt;
} Serve;

static void
serve_free (Serve *serve)
{
  handshakes--;
  g_clear_handle_id (&serve->timeout, g_source_remove);
  g_clear_object (&serve->channel);
  g_clear_object (&serve->listener);
  g_clear_object (&serve->cancellable);
  g_clear_pointer (&serve->out, g_bytes_unref);
  if (serve->conn != NULL)
    mig_channel_tls_abort (serve->conn);
  g_clear_object (&serve->conn);
  g_free (serve->remote_host);
  g_free (serve);
}

static gboolean
serve_timeout_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve->timeout = 0;
  g_cancellable_cancel (serve->cancellable);
  return G_SOURCE_REMOVE;
}

static void serve_written_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
serve_write (Serve  *serve,
             GBytes *frame)
{
  g_clear_pointer (&serve->out, g_bytes_unref);
  serve->out = frame;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (serve->conn), g_bytes_get_data (frame, NULL),
                                   g_bytes_get_size (frame), G_PRIORITY_DEFAULT, serve->cancellable,
                                   serve_written_cb, serve);
}

/* A refusal is the last word: the connection closes after it. */
static void
serve_refuse (Serve        *serve,
              MigRefuseCode code,
              const char   *text)
{
  serve->then_adopt = FALSE;
  g_clear_object (&serve->channel);
  g_debug ("Channel handshake from %s refused (%d%s%s)", serve->remote_host != NULL ? serve->remote_host : "?",
           code, text != NULL ? ": " : "", text != NULL ? text : "");
  serve_write (serve, mig_channel_refuse_new (code, text));
}

static gboolean
channel_moving_or_gone (Serve *serve)
{
  MigChannel *channel = serve->channel;

  if (channel->frozen || channel->held)
    {
      serve_refuse (serve, MIG_REFUSE_MOVING, channel->target);
      return TRUE;
    }
  if (channel->gone || !channel->registered || channel->state == MIG_CHANNEL_STATE_CLOSED ||
      channel->state == MIG_CHANNEL_STATE_FAILED)
    {
      serve_refuse (serve, MIG_REFUSE_CLOSED, NULL);
      return TRUE;
    }
  return FALSE;
}

static void
proof_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  MigFrame frame;
  g_autoptr(GBytes) bytes = mig_channel_read_frame_finish (result, &frame, &error);
  MigChannel *channel = serve->channel;
  MigProof proof;
  guint8 expected[MIG_CHANNEL_PROOF_SIZE];
  guint8 binding[MIG_CHANNEL_BINDING_SIZE];

  if (bytes == NULL || !mig_channel_parse_proof (&frame, &proof, &error))
    {
      if (bytes != NULL)
        serve_refuse (serve, MIG_REFUSE_PROTOCOL, error->message);
      else
        serve_free (serve);
      return;
    }
  if (channel_moving_or_gone (serve))
    return;
  mig_channel_tls_binding (serve->conn, binding);
  mig_channel_compute_proof (channel->secret, "dialer", channel->id, serve->nonce,
                             g_object_get_data (G_OBJECT (serve->cancellable), "mig-dialer-nonce"), binding,
                             expected);
  if (!mig_channel_equal_secret (expected, proof.proof, MIG_CHANNEL_PROOF_SIZE))
    {
      g_message ("A re-association of channel %s from %s did not prove the association: refused",
                 channel->id_string, serve->remote_host != NULL ? serve->remote_host : "?");
      serve_refuse (serve, MIG_REFUSE_PROOF, NULL);
      return;
    }
  if (!mig_channel_counters_acceptable (channel, proof.received))
    {
      g_message ("A re-association of channel %s claims %" G_GUINT64_FORMAT " bytes received, outside "
                 "%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT ": refused",
                 channel->id_string, proof.received, channel->out_acked, channel->out_written);
      serve_refuse (serve, MIG_REFUSE_COUNTERS, NULL);
      return;
    }
  serve->dialer_received = proof.received;
  serve->dialer_port = proof.port;
  serve->then_adopt = TRUE;
  serve_write (serve, mig_channel_frame_new_u64 (MIG_FRAME_ACCEPT, channel->in_received));
}

static void
first_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  MigFrame frame;

  bytes = mig_channel_read_frame_finish (result, &frame, &error);
  if (bytes == NULL)
    {
      g_debug ("Channel handshake from %s: %s", serve->remote_host != NULL ? serve->remote_host : "?",
               error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        serve_refuse (serve, MIG_REFUSE_PROTOCOL, error->message);
      else
        serve_free (serve);
      return;
    }

  if (frame.type == MIG_FRAME_HELLO)
    {
      MigHello hello;
      MigWelcome welcome;

      if (!mig_channel_parse_hello (&frame, &hello, &error))
        {
          serve_refuse (serve, MIG_REFUSE_PROTOCOL, error->message);
          return;
        }
      if (serve->accepted == NULL)
        {
          serve_refuse (serve, MIG_REFUSE_PROTOCOL, _("This port only takes channels back, not new ones"));
          return;
        }
      if (!mig_channel_rendezvous_ensure (0, &error))
        {
          serve_refuse (serve, MIG_REFUSE_CLOSED, error->message);
          return;
        }
      mig_channel_random (welcome.id, sizeof welcome.id);
      mig_channel_random (welcome.secret, sizeof welcome.secret);
      welcome.port = mig_channel_rendezvous_get_port ();
      serve->channel = mig_channel_new_internal (FALSE, welcome.id, welcome.secret);
      serve->channel->tls = serve->tls;
      serve->channel->peer_host = g_strdup (serve->remote_host);
      serve->channel->peer_port = hello.port;
      serve->channel->local_port = welcome.port;
      serve->dialer_port = hello.port;
      serve->then_adopt = TRUE;
      serve_write (serve, mig_channel_welcome_new (&welcome));
      memset (welcome.secret, 0, sizeof welcome.secret);
      return;
    }

  if (frame.type == MIG_FRAME_REASSOC)
    {
      MigReassoc reassoc;
      MigChallenge challenge;
      MigChannel *channel;
      guint8 binding[MIG_CHANNEL_BINDING_SIZE];

      if (!mig_channel_parse_reassoc (&frame, &reassoc, &error))
        {
          serve_refuse (serve, MIG_REFUSE_PROTOCOL, error->message);
          return;
        }
      /* Whichever socket it came to: the rendezvous and every listener
       * take channels back. */
      serve->accepted = NULL;
      channel = mig_channel_lookup (reassoc.id, !reassoc.from_client);
      if (channel == NULL)
        {
          serve_refuse (serve, MIG_REFUSE_UNKNOWN, NULL);
          return;
        }
      serve->channel = g_object_ref (channel);
      if (channel->tls && !serve->tls)
        {
          /* No going back to plain text for a channel made over TLS. */
          serve_refuse (serve, MIG_REFUSE_PROTOCOL, _("This channel is only taken back over TLS"));
          return;
        }
      if (channel_moving_or_gone (serve))
        return;
      mig_channel_random (serve->nonce, sizeof serve->nonce);
      g_object_set_data_full (G_OBJECT (serve->cancellable), "mig-dialer-nonce",
                              g_memdup2 (reassoc.nonce, sizeof reassoc.nonce), g_free);
      memcpy (challenge.nonce, serve->nonce, sizeof serve->nonce);
      mig_channel_tls_binding (serve->conn, binding);
      mig_channel_compute_proof (channel->secret, "acceptor", channel->id, reassoc.nonce, serve->nonce,
                                 binding, challenge.proof);
      serve_write (serve, mig_channel_challenge_new (&challenge));
      return;
    }

  serve_refuse (serve, MIG_REFUSE_PROTOCOL, _("Expected a hello or a re-association"));
}

static void
serve_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  guint8 type = ((const guint8 *) g_bytes_get_data (serve->out, NULL))[0];

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) ||
      type == MIG_FRAME_REFUSE)
    {
      serve_free (serve);
      return;
    }
  if (type == MIG_FRAME_CHALLENGE)
    {
      mig_channel_read_frame_async (g_io_stream_get_input_stream (serve->conn), serve->cancellable, proof_read_cb,
                                    serve);
      return;
    }
  if (serve->then_adopt && serve->channel != NULL)
    {
      MigChannel *channel = serve->channel;
      g_autoptr(GIOStream) conn = g_steal_pointer (&serve->conn);

      if (serve->accepted != NULL)
        {
          /* A new association, for the listener. */
          mig_channel_register (channel);
          mig_channel_adopt (channel, conn, 0);
          serve->accepted (serve->listener, channel);
        }
      else if (channel->frozen || channel->held || channel->gone || !channel->registered)
        {
          /* It started moving while the handshake went on: the dialer
           * learns it from the connection's end. */
          mig_channel_tls_abort (conn);
        }
      else
        {
          /* A re-association: the address table learns where the peer is. */
          if (serve->remote_host != NULL)
            {
              g_free (channel->peer_host);
              channel->peer_host = g_strdup (serve->remote_host);
            }
          channel->peer_port = serve->dialer_port;
          mig_channel_adopt (channel, conn, serve->dialer_received);
        }
    }
  serve_free (serve);
}

static void
tls_ready_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  GIOStream *tls = mig_channel_tls_wrap_finish (result, &error);

  if (tls == NULL)
    {
      g_debug ("Channel handshake from %s: TLS failed: %s", serve->remote_host != NULL ? serve->remote_host : "?",
               error->message);
      serve_free (serve);
      return;
    }
  g_object_unref (serve->conn);
  serve->conn = tls;
  serve->tls = TRUE;
  mig_channel_read_frame_async (g_io_stream_get_input_stream (serve->conn), serve->cancellable, first_read_cb,
                                serve);
}

/* A connection that starts with a TLS record is answered in TLS. */
static void
peeked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  gboolean is_tls = FALSE;

  if (!mig_channel_tls_peek_finish (result, &is_tls, &error))
    {
      serve_free (serve);
      return;
    }
  if (is_tls)
    {
      mig_channel_tls_wrap_async (serve->conn, TRUE, serve->cancellable, tls_ready_cb, serve);
      return;
    }
  mig_channel_read_frame_async (g_io_stream_get_input_stream (serve->conn), serve->cancellable, first_read_cb,
                                serve);
}

/*
 * Serves a connection that arrived at the rendezvous (@accepted NULL:
 * re-associations only) or at a listener (@accepted called with
 * @listener and each new channel, see mig-channel-listener.c).
 */
void
mig_channel_serve_connection (GIOStream          *conn,
                              GSocketAddress     *remote,
                              MigChannelAccepted  accepted,
                              GObject            *listener)
{
  Serve *serve;

  if (handshakes >= MAX_HANDSHAKES)
    {
      g_debug ("Too many channel handshakes at once: a connection is closed unanswered");
      g_io_stream_close (conn, NULL, NULL);
      return;
    }
  handshakes++;
  serve = g_new0 (Serve, 1);
  serve->conn = g_object_ref (conn);
  serve->remote_host = remote != NULL ? mig_channel_address_to_host (remote) : NULL;
  serve->accepted = accepted;
  serve->listener = listener != NULL ? g_object_ref (listener) : NULL;
  serve->cancellable = g_cancellable_new ();
  serve->timeout = g_timeout_add_seconds (HANDSHAKE_TIMEOUT, serve_timeout_cb, serve);
  if (G_IS_SOCKET_CONNECTION (conn))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (conn)), IPPROTO_TCP, TCP_NODELAY, 1,
                         NULL);
  mig_channel_tls_peek_async (conn, serve->cancellable, peeked_cb, serve);
}
