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
 * The end that dials: a new association (HELLO → WELCOME), and finding
 * the peer again (REASSOC → CHALLENGE → PROOF → ACCEPT).  Who dials after
 * a loss: the end that moved; and the end that connected first, unless
 * only its peer moved (then it waits to be called).  When both moved,
 * both dial; the acceptor always takes a valid re-association, and the
 * connection that survives is the last one adopted on both sides — any
 * disagreement ends in one of them being dropped, and the end that
 * connected first dials again.
 */

#define CONNECT_TIMEOUT 3
#define HANDSHAKE_TIMEOUT 5
#define RETRY_FIRST_MS 50
#define RETRY_MAX_MS 1000

gboolean
mig_channel_should_dial (MigChannel *self)
{
  return self->moved || (self->is_client && !self->peer_moving);
}

typedef struct
{
  MigChannel *self;              /* NULL for a new association */
  GSocketConnection *conn;
  GIOStream *stream;             /* conn, or TLS over it */
  gboolean tls;
  char *host;
  guint16 port;
  guint8 nonce[MIG_CHANNEL_NONCE_SIZE];
  GCancellable *cancellable;
  GCancellable *caller;
  gulong caller_id;
  guint timeout;
} Dial;

static void
dial_free (Dial *dial)
{
  g_clear_handle_id (&dial->timeout, g_source_remove);
  if (dial->caller != NULL)
    {
      g_cancellable_disconnect (dial->caller, dial->caller_id);
      g_object_unref (dial->caller);
    }
  g_clear_object (&dial->self);
  g_clear_object (&dial->stream);
  g_clear_object (&dial->conn);
  g_clear_object (&dial->cancellable);
  g_free (dial->host);
  g_free (dial);
}

static gboolean
dial_timeout_cb (gpointer user_data)
{
  Dial *dial = user_data;

  dial->timeout = 0;
  g_cancellable_cancel (dial->cancellable);
  return G_SOURCE_REMOVE;
}

static GSocketClient *
new_client (void)
{
  GSocketClient *client = g_socket_client_new ();

  g_socket_client_set_timeout (client, CONNECT_TIMEOUT);
  g_socket_client_set_enable_proxy (client, FALSE);
  return client;
}

char *
mig_channel_address_to_host (GSocketAddress *address)
{
  GInetAddress *inet;
  g_autofree char *text = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  text = g_inet_address_to_string (inet);
  /* An IPv4 peer seen through a dual-stack socket. */
  if (g_str_has_prefix (text, "::ffff:") && strchr (text + 7, '.') != NULL)
    return g_strdup (text + 7);
  return g_steal_pointer (&text);
}

static char *
remote_host (GSocketConnection *conn)
{
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (conn, NULL);

  return remote != NULL ? mig_channel_address_to_host (remote) : NULL;
}

/* ---- Finding the peer again ---- */

static void attempt (MigChannel *self);

static gboolean
retry_cb (gpointer user_data)
{
  MigChannel *self = user_data;

  self->dial_retry_source = 0;
  attempt (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (MigChannel *self)
{
  guint delay = MIN (RETRY_FIRST_MS << MIN (self->dial_attempt, 8), RETRY_MAX_MS);

  g_clear_object (&self->dial_cancellable);
  if (self->state != MIG_CHANNEL_STATE_RECONNECTING || self->gone || self->frozen || self->conn != NULL)
    return;
  self->dial_attempt++;
  self->dial_retry_source = g_timeout_add (delay, retry_cb, self);
}

static gboolean
dial_still_wanted (Dial *dial)
{
  MigChannel *self = dial->self;

  return !g_cancellable_is_cancelled (dial->cancellable) && self->dial_cancellable == dial->cancellable &&
         self->state == MIG_CHANNEL_STATE_RECONNECTING && !self->frozen && !self->gone;
}

/* Stops dialing on an answer that will not change. */
static void
refused (Dial            *dial,
         const MigRefuse *refuse)
{
  MigChannel *self = dial->self;
  const char *reason;

  switch (refuse->code)
    {
    case MIG_REFUSE_MOVING:
      g_debug ("Channel %s: the peer is moving to %s", self->id_string, refuse->text);
      self->peer_moving = TRUE;
      if (refuse->text[0] != '\0')
        {
          g_free (self->peer_target);
          self->peer_target = g_strdup (refuse->text);
        }
      retry_later (self);
      return;
    case MIG_REFUSE_UNKNOWN:
    case MIG_REFUSE_CLOSED:
      reason = _("The other end no longer has this channel: it was closed, or its application ended");
      break;
    case MIG_REFUSE_PROOF:
      reason = _("The other end did not accept this end’s proof of the channel");
      break;
    case MIG_REFUSE_COUNTERS:
      reason = _("The two ends of the channel disagree on what was received");
      break;
    case MIG_REFUSE_PROTOCOL:
    default:
      reason = _("The other end does not speak the channel protocol");
      break;
    }
  g_clear_object (&self->dial_cancellable);
  mig_channel_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, reason));
}

static void
accept_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Dial *dial = user_data;
  MigChannel *self = dial->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  MigFrame frame;
  guint64 peer_received;

  bytes = mig_channel_read_frame_finish (result, &frame, &error);
  if (!dial_still_wanted (dial))
    goto out;
  if (bytes != NULL && frame.type == MIG_FRAME_REFUSE)
    {
      MigRefuse refuse;

      if (mig_channel_parse_refuse (&frame, &refuse, &error))
        {
          refused (dial, &refuse);
          g_free (refuse.text);
          goto out;
        }
    }
  else if (bytes != NULL && frame.type == MIG_FRAME_ACCEPT)
    {
      if (mig_channel_parse_u64 (&frame, &peer_received, &error))
        {
          if (!mig_channel_counters_acceptable (self, peer_received))
            {
              g_clear_object (&self->dial_cancellable);
              mig_channel_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                           _("The two ends of the channel disagree on what was received")));
              goto out;
            }
          g_free (self->peer_host);
          self->peer_host = remote_host (dial->conn);
          self->peer_port = dial->port;
          g_clear_object (&self->dial_cancellable);
          mig_channel_adopt (self, dial->stream, peer_received);
          goto out;
        }
    }
  g_debug ("Channel %s: re-association with %s:%u failed: %s", self->id_string, dial->host, dial->port,
           error != NULL ? error->message : "unexpected answer");
  retry_later (self);
out:
  dial_free (dial);
}

static void
proof_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Dial *dial = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) ||
      !dial_still_wanted (dial))
    {
      if (dial_still_wanted (dial))
        retry_later (dial->self);
      dial_free (dial);
      return;
    }
  mig_channel_read_frame_async (g_io_stream_get_input_stream (dial->stream), dial->cancellable,
                                accept_read_cb, dial);
}

static void
challenge_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Dial *dial = user_data;
  MigChannel *self = dial->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) reply = NULL;
  MigFrame frame;
  MigChallenge challenge;
  MigProof proof = { 0, };
  guint8 expected[MIG_CHANNEL_PROOF_SIZE];
  guint8 binding[MIG_CHANNEL_BINDING_SIZE];

  bytes = mig_channel_read_frame_finish (result, &frame, &error);
  if (!dial_still_wanted (dial))
    goto out;
  if (bytes != NULL && frame.type == MIG_FRAME_REFUSE)
    {
      MigRefuse refuse;

      if (mig_channel_parse_refuse (&frame, &refuse, &error))
        {
          refused (dial, &refuse);
          g_free (refuse.text);
          goto out;
        }
    }
  if (bytes == NULL || !mig_channel_parse_challenge (&frame, &challenge, error == NULL ? &error : NULL))
    goto retry;

  /* The acceptor proves it holds the secret, on this very connection,
   * before anything is sent. */
  mig_channel_tls_binding (dial->stream, binding);
  mig_channel_compute_proof (self->secret, "acceptor", self->id, dial->nonce, challenge.nonce, binding, expected);
  if (!mig_channel_equal_secret (expected, challenge.proof, MIG_CHANNEL_PROOF_SIZE))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The host answering does not hold this channel"));
      goto retry;
    }
  mig_channel_compute_proof (self->secret, "dialer", self->id, challenge.nonce, dial->nonce, binding, proof.proof);
  proof.port = self->local_port;
  proof.received = self->in_received;
  proof.moved = self->moved;
  reply = mig_channel_proof_new (&proof);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (dial->stream),
                                   g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), G_PRIORITY_DEFAULT,
                                   dial->cancellable, proof_written_cb, dial);
  /* The frame's bytes must outlive the write. */
  g_object_set_data_full (G_OBJECT (dial->cancellable), "mig-proof", g_steal_pointer (&reply),
                          (GDestroyNotify) g_bytes_unref);
  return;

retry:
  g_debug ("Channel %s: re-association with %s:%u failed: %s", self->id_string, dial->host, dial->port,
           error != NULL ? error->message : "unexpected answer");
  retry_later (self);
out:
  dial_free (dial);
}

static void
reassoc_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Dial *dial = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) ||
      !dial_still_wanted (dial))
    {
      if (dial_still_wanted (dial))
        retry_later (dial->self);
      dial_free (dial);
      return;
    }
  mig_channel_read_frame_async (g_io_stream_get_input_stream (dial->stream), dial->cancellable,
                                challenge_read_cb, dial);
}

static void
send_reassoc (Dial *dial)
{
  g_autoptr(GBytes) frame = NULL;
  MigReassoc reassoc;

  memcpy (reassoc.id, dial->self->id, MIG_CHANNEL_ID_SIZE);
  memcpy (reassoc.nonce, dial->nonce, MIG_CHANNEL_NONCE_SIZE);
  reassoc.from_client = dial->self->is_client;
  frame = mig_channel_reassoc_new (&reassoc);
  g_object_set_data_full (G_OBJECT (dial->cancellable), "mig-reassoc", g_bytes_ref (frame),
                          (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (dial->stream),
                                   g_bytes_get_data (frame, NULL), g_bytes_get_size (frame), G_PRIORITY_DEFAULT,
                                   dial->cancellable, reassoc_written_cb, dial);
}

static void
reassoc_tls_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Dial *dial = user_data;
  g_autoptr(GError) error = NULL;

  dial->stream = mig_channel_tls_wrap_finish (result, &error);
  if (!dial_still_wanted (dial) || dial->stream == NULL)
    {
      if (dial_still_wanted (dial))
        {
          g_debug ("Channel %s: TLS with %s:%u failed: %s", dial->self->id_string, dial->host, dial->port,
                   error->message);
          retry_later (dial->self);
        }
      dial_free (dial);
      return;
    }
  send_reassoc (dial);
}

static void
reassoc_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Dial *dial = user_data;
  g_autoptr(GError) error = NULL;

  dial->conn = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (!dial_still_wanted (dial))
    {
      dial_free (dial);
      return;
    }
  if (dial->conn == NULL)
    {
      g_debug ("Channel %s: %s:%u: %s", dial->self->id_string, dial->host, dial->port, error->message);
      retry_later (dial->self);
      dial_free (dial);
      return;
    }
  g_socket_set_option (g_socket_connection_get_socket (dial->conn), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  dial->timeout = g_timeout_add_seconds (HANDSHAKE_TIMEOUT, dial_timeout_cb, dial);
  if (dial->self->tls)
    {
      mig_channel_tls_wrap_async (G_IO_STREAM (dial->conn), FALSE, dial->cancellable, reassoc_tls_cb, dial);
      return;
    }
  dial->stream = g_object_ref (G_IO_STREAM (dial->conn));
  send_reassoc (dial);
}

static void
attempt (MigChannel *self)
{
  g_autoptr(GSocketClient) client = new_client ();
  Dial *dial;
  const char *host = self->peer_host;

  if (self->state != MIG_CHANNEL_STATE_RECONNECTING || self->frozen || self->gone || self->conn != NULL)
    return;
  /* A peer that said where it moves is looked for there first, and at its
   * last address in between. */
  if (self->peer_moving && self->peer_target != NULL && (self->dial_attempt % 2 == 0 || host == NULL))
    host = self->peer_target;
  if (host == NULL || self->peer_port == 0)
    return;

  dial = g_new0 (Dial, 1);
  dial->self = g_object_ref (self);
  dial->host = g_strdup (host);
  dial->port = self->peer_port;
  dial->cancellable = g_cancellable_new ();
  mig_channel_random (dial->nonce, sizeof dial->nonce);
  g_set_object (&self->dial_cancellable, dial->cancellable);
  g_debug ("Channel %s: dialing %s:%u", self->id_string, host, dial->port);
  g_socket_client_connect_to_host_async (client, host, dial->port, dial->cancellable, reassoc_connected_cb, dial);
}

void
mig_channel_start_dialing (MigChannel *self)
{
  if (self->dial_cancellable != NULL || self->dial_retry_source != 0)
    return;
  self->dial_attempt = 0;
  attempt (self);
}

void
mig_channel_stop_dialing (MigChannel *self)
{
  g_clear_handle_id (&self->dial_retry_source, g_source_remove);
  if (self->dial_cancellable != NULL)
    {
      g_cancellable_cancel (self->dial_cancellable);
      g_clear_object (&self->dial_cancellable);
    }
}

/* ---- A new association ---- */

static void
welcome_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Dial *dial = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MigChannel) channel = NULL;
  MigFrame frame;
  MigWelcome welcome;

  g_clear_handle_id (&dial->timeout, g_source_remove);
  bytes = mig_channel_read_frame_finish (result, &frame, &error);
  if (bytes != NULL && frame.type == MIG_FRAME_REFUSE)
    {
      MigRefuse refuse;

      if (mig_channel_parse_refuse (&frame, &refuse, &error))
        {
          error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                               _("%s:%u refused the channel: %s"), dial->host, dial->port,
                               refuse.text[0] != '\0' ? refuse.text : _("no reason given"));
          g_free (refuse.text);
        }
    }
  else if (bytes != NULL)
    mig_channel_parse_welcome (&frame, &welcome, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !g_task_return_error_if_cancelled (task))
        {
          g_clear_error (&error);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   _("%s:%u did not answer as a channel listener"), dial->host, dial->port);
          return;
        }
      if (!g_task_had_error (task))
        g_task_return_error (task, error);
      else
        g_error_free (error);
      return;
    }

  channel = mig_channel_new_internal (TRUE, welcome.id, welcome.secret);
  channel->tls = dial->tls;
  memset (welcome.secret, 0, sizeof welcome.secret);
  channel->peer_host = remote_host (dial->conn);
  channel->peer_port = welcome.port;
  channel->local_port = mig_channel_rendezvous_get_port ();
  mig_channel_register (channel);
  mig_channel_adopt (channel, dial->stream, 0);
  g_task_return_pointer (task, g_steal_pointer (&channel), g_object_unref);
}

static void
hello_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Dial *dial = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  mig_channel_read_frame_async (g_io_stream_get_input_stream (dial->stream), dial->cancellable,
                                welcome_read_cb, g_steal_pointer (&task));
}

static void
send_hello (GTask *task)
{
  Dial *dial = g_task_get_task_data (task);
  GBytes *hello;

  hello = mig_channel_hello_new (mig_channel_rendezvous_get_port ());
  g_object_set_data_full (G_OBJECT (task), "mig-hello", hello, (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (dial->stream),
                                   g_bytes_get_data (hello, NULL), g_bytes_get_size (hello), G_PRIORITY_DEFAULT,
                                   dial->cancellable, hello_written_cb, task);
}

static void
new_tls_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Dial *dial = g_task_get_task_data (task);
  GError *error = NULL;

  dial->stream = mig_channel_tls_wrap_finish (result, &error);
  if (dial->stream == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  send_hello (task);
}

static void
new_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Dial *dial = g_task_get_task_data (task);
  GError *error = NULL;

  dial->conn = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (dial->conn == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_socket_set_option (g_socket_connection_get_socket (dial->conn), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  dial->timeout = g_timeout_add_seconds (HANDSHAKE_TIMEOUT, dial_timeout_cb, dial);
  if (dial->tls)
    {
      mig_channel_tls_wrap_async (G_IO_STREAM (dial->conn), FALSE, dial->cancellable, new_tls_cb, task);
      return;
    }
  dial->stream = g_object_ref (G_IO_STREAM (dial->conn));
  send_hello (task);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
mig_channel_connect_new_async (const char          *host,
                               guint16              port,
                               gboolean             tls,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = new_client ();
  GError *error = NULL;
  Dial *dial;

  g_task_set_source_tag (task, mig_channel_connect_async);
  if (!mig_channel_rendezvous_ensure (0, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  dial = g_new0 (Dial, 1);
  dial->host = g_strdup (host);
  dial->port = port;
  dial->tls = tls;
  dial->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      dial->caller = g_object_ref (cancellable);
      dial->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), dial->cancellable,
                                               NULL);
    }
  g_task_set_task_data (task, dial, (GDestroyNotify) dial_free);
  g_socket_client_connect_to_host_async (client, host, port, dial->cancellable, new_connected_cb,
                                         g_steal_pointer (&task));
}

/**
 * mig_channel_connect_finish:
 * @result: the result given to the callback
 * @error: return location for a `GError`
 *
 * Finishes [func@Mig.Channel.connect_async].
 *
 * Returns: (transfer full): the connected channel, or %NULL with @error
 */
MigChannel *
mig_channel_connect_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
