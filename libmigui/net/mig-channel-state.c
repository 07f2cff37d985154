/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mig-channel-private.h"

/*
 * A channel moving with its application: it freezes (FREEZE → FREEZE_ACK:
 * the peer holds its output and says how much it received; everything it
 * sent before is read here), its state is saved into the form tree
 * (docs/form-tree.md, "channels"), and on the target a channel is made
 * from it, held until the application goes live, and then finds its peer.
 * The source's channel is released once the target has it, or thaws if
 * the migration fails.
 */

/* How long a freeze waits for the peer's FREEZE_ACK. */
#define FREEZE_TIMEOUT_MS 2000
#define MAX_HELD_DATAGRAMS 64

static gboolean
freeze_timeout_cb (gpointer user_data)
{
  MigChannel *self = user_data;
  GTask *task = g_steal_pointer (&self->freeze_task);

  self->freeze_timeout = 0;
  g_debug ("Channel %s: the peer did not acknowledge the freeze; what is held is saved as it is",
           self->id_string);
  mig_channel_drop_connection (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Freezes the channel for a move to @target_host (nullable): afterwards
 * nothing flows, and mig_channel_save() has everything. */
void
mig_channel_freeze_async (MigChannel          *self,
                          const char          *target_host,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  gboolean connected = self->state == MIG_CHANNEL_STATE_CONNECTED && self->conn != NULL;

  g_task_set_source_tag (task, mig_channel_freeze_async);
  if (self->state == MIG_CHANNEL_STATE_CLOSED || self->state == MIG_CHANNEL_STATE_FAILED || self->gone ||
      self->frozen)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  self->frozen = TRUE;
  g_free (self->target);
  self->target = g_strdup (target_host);
  mig_channel_stop_dialing (self);
  g_clear_handle_id (&self->give_up_source, g_source_remove);
  mig_channel_set_state (self, MIG_CHANNEL_STATE_FROZEN);
  if (!connected)
    {
      mig_channel_drop_connection (self);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  self->freeze_task = task;
  self->freeze_timeout = g_timeout_add (FREEZE_TIMEOUT_MS, freeze_timeout_cb, self);
  self->in_acked_sent = self->in_received;
  self->ack_pending = FALSE;
  mig_channel_queue_control (self, mig_channel_freeze_new (self->in_received, target_host));
}

gboolean
mig_channel_freeze_finish (MigChannel    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The move failed: this end goes on here, and finds its peer again. */
void
mig_channel_thaw (MigChannel *self)
{
  if (!self->frozen || self->gone)
    return;
  self->frozen = FALSE;
  self->saved = FALSE;
  g_clear_pointer (&self->target, g_free);
  self->moved = TRUE;
  mig_channel_lost (self);
  mig_channel_output_ready (self);
  mig_channel_input_ready (self);
}

/* The target has the channel: this one is finished, silently. */
void
mig_channel_release (MigChannel *self)
{
  if (self->gone)
    return;
  self->gone = TRUE;
  mig_channel_unregister (self);
  mig_channel_stop_dialing (self);
  mig_channel_stop_timers (self);
  mig_channel_drop_connection (self);
  memset (self->secret, 0, sizeof self->secret);
  g_byte_array_set_size (self->in_buf, 0);
  self->in_pos = 0;
  mig_channel_input_ready (self);
  mig_channel_output_ready (self);
}

/* Restored and live: take the association here and find the peer. */
void
mig_channel_go_live (MigChannel *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->held)
    return;
  self->held = FALSE;
  self->frozen = FALSE;
  if (!mig_channel_rendezvous_ensure (self->local_port, &error))
    {
      mig_channel_fail (self, g_steal_pointer (&error));
      return;
    }
  self->local_port = mig_channel_rendezvous_get_port ();
  mig_channel_register (self);
  self->moved = TRUE;
  g_clear_pointer (&self->target, g_free);
  mig_channel_lost (self);
  /* Reads the application started while the channel was held. */
  mig_channel_input_ready (self);
}

static char *
encode_bytes (GBytes *bytes)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  return g_base64_encode (data, size);
}

GVariant *
mig_channel_save (MigChannel *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GBytes) unacked = mig_channel_collect_unacked (self);
  g_autofree char *secret = g_base64_encode (self->secret, sizeof self->secret);
  g_autofree char *unacked_text = encode_bytes (unacked);
  g_autofree char *unread = g_base64_encode (self->in_buf->data + self->in_pos, self->in_buf->len - self->in_pos);
  GVariantBuilder held;

  /* What is written from now on would not be in the checkpoint: writes
   * wait, until the move fails (thaw) or succeeds (release: they fail). */
  if (self->frozen)
    self->saved = TRUE;
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (self->id_string));
  g_variant_builder_add (&builder, "{sv}", "secret", g_variant_new_string (secret));
  g_variant_builder_add (&builder, "{sv}", "client", g_variant_new_boolean (self->is_client));
  g_variant_builder_add (&builder, "{sv}", "tls", g_variant_new_boolean (self->tls));
  if (self->peer_host != NULL)
    g_variant_builder_add (&builder, "{sv}", "peer-host", g_variant_new_string (self->peer_host));
  g_variant_builder_add (&builder, "{sv}", "peer-port", g_variant_new_uint16 (self->peer_port));
  if (self->peer_target != NULL)
    g_variant_builder_add (&builder, "{sv}", "peer-target", g_variant_new_string (self->peer_target));
  g_variant_builder_add (&builder, "{sv}", "peer-moving", g_variant_new_boolean (self->peer_moving));
  g_variant_builder_add (&builder, "{sv}", "port", g_variant_new_uint16 (self->local_port));
  g_variant_builder_add (&builder, "{sv}", "acked", g_variant_new_uint64 (self->out_acked));
  g_variant_builder_add (&builder, "{sv}", "unacked", g_variant_new_string (unacked_text));
  g_variant_builder_add (&builder, "{sv}", "received", g_variant_new_uint64 (self->in_received));
  g_variant_builder_add (&builder, "{sv}", "unread", g_variant_new_string (unread));
  g_variant_builder_add (&builder, "{sv}", "datagrams-sent", g_variant_new_uint64 (self->dgram_out));
  g_variant_builder_add (&builder, "{sv}", "datagrams-received", g_variant_new_uint64 (self->dgram_in));
  g_variant_builder_init (&held, G_VARIANT_TYPE_STRING_ARRAY);
  for (GList *l = self->dgram_held.head; l != NULL; l = l->next)
    {
      g_autofree char *text = encode_bytes (l->data);

      g_variant_builder_add (&held, "s", text);
    }
  g_variant_builder_add (&builder, "{sv}", "held-datagrams", g_variant_builder_end (&held));
  g_variant_builder_add (&builder, "{sv}", "buffer-size", g_variant_new_uint64 (self->buffer_size));
  g_variant_builder_add (&builder, "{sv}", "reconnect-timeout", g_variant_new_uint32 (self->reconnect_timeout));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
bad (GError    **error,
     const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The saved channel has a bad “%s”"), what);
  return FALSE;
}

static gboolean
lookup (GVariantDict       *dict,
        const char         *key,
        const GVariantType *type,
        gboolean            required,
        GVariant          **out,
        GError            **error)
{
  *out = g_variant_dict_lookup_value (dict, key, NULL);
  if (*out == NULL)
    return !required || bad (error, key);
  if (!g_variant_is_of_type (*out, type))
    {
      g_clear_pointer (out, g_variant_unref);
      return bad (error, key);
    }
  return TRUE;
}

static gboolean
decode (GVariantDict *dict,
        const char   *key,
        gsize         max,
        guchar      **out,
        gsize        *length,
        GError      **error)
{
  g_autoptr(GVariant) value = NULL;
  const char *text;
  gsize text_length;

  if (!lookup (dict, key, G_VARIANT_TYPE_STRING, TRUE, &value, error))
    return FALSE;
  text = g_variant_get_string (value, &text_length);
  /* Four characters of base64 for three bytes. */
  if (text_length / 4 * 3 > max + 3 || text_length % 4 != 0)
    return bad (error, key);
  for (gsize i = 0; i < text_length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/' && text[i] != '=')
      return bad (error, key);
  *out = g_base64_decode (text, length);
  if (*length > max)
    {
      g_clear_pointer (out, g_free);
      return bad (error, key);
    }
  return TRUE;
}

static gboolean
parse_id (const char *text,
          guint8      id[MIG_CHANNEL_ID_SIZE])
{
  if (strlen (text) != MIG_CHANNEL_ID_SIZE * 2)
    return FALSE;
  for (int i = 0; i < MIG_CHANNEL_ID_SIZE; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0 || g_ascii_isupper (text[2 * i]) || g_ascii_isupper (text[2 * i + 1]))
        return FALSE;
      id[i] = hi << 4 | lo;
    }
  return TRUE;
}

static gboolean
valid_host (const char *host)
{
  gsize length = strlen (host);

  if (length == 0 || length > 255)
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* Makes a channel from saved state, held: nothing happens until
 * mig_channel_go_live().  Every field is checked. */
MigChannel *
mig_channel_new_from_saved (GVariant  *saved,
                            GError   **error)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) v_id = NULL, v_client = NULL, v_host = NULL, v_port = NULL, v_target = NULL;
  g_autoptr(GVariant) v_moving = NULL, v_local = NULL, v_acked = NULL, v_received = NULL, v_held = NULL;
  g_autoptr(GVariant) v_dout = NULL, v_din = NULL, v_size = NULL, v_timeout = NULL, v_tls = NULL;
  g_autofree guchar *secret = NULL, *unacked = NULL, *unread = NULL;
  gsize secret_length, unacked_length, unread_length;
  guint8 id[MIG_CHANNEL_ID_SIZE];
  guint64 buffer_size, acked, received;
  g_autoptr(MigChannel) self = NULL;

  if (!g_variant_is_of_type (saved, G_VARIANT_TYPE_VARDICT))
    {
      bad (error, "a{sv}");
      return NULL;
    }
  g_variant_dict_clear (&dict);
  g_variant_dict_init (&dict, saved);
  if (!lookup (&dict, "id", G_VARIANT_TYPE_STRING, TRUE, &v_id, error) ||
      !lookup (&dict, "client", G_VARIANT_TYPE_BOOLEAN, TRUE, &v_client, error) ||
      !lookup (&dict, "tls", G_VARIANT_TYPE_BOOLEAN, FALSE, &v_tls, error) ||
      !lookup (&dict, "peer-host", G_VARIANT_TYPE_STRING, TRUE, &v_host, error) ||
      !lookup (&dict, "peer-port", G_VARIANT_TYPE_UINT16, TRUE, &v_port, error) ||
      !lookup (&dict, "peer-target", G_VARIANT_TYPE_STRING, FALSE, &v_target, error) ||
      !lookup (&dict, "peer-moving", G_VARIANT_TYPE_BOOLEAN, TRUE, &v_moving, error) ||
      !lookup (&dict, "port", G_VARIANT_TYPE_UINT16, TRUE, &v_local, error) ||
      !lookup (&dict, "acked", G_VARIANT_TYPE_UINT64, TRUE, &v_acked, error) ||
      !lookup (&dict, "received", G_VARIANT_TYPE_UINT64, TRUE, &v_received, error) ||
      !lookup (&dict, "datagrams-sent", G_VARIANT_TYPE_UINT64, TRUE, &v_dout, error) ||
      !lookup (&dict, "datagrams-received", G_VARIANT_TYPE_UINT64, TRUE, &v_din, error) ||
      !lookup (&dict, "held-datagrams", G_VARIANT_TYPE_STRING_ARRAY, TRUE, &v_held, error) ||
      !lookup (&dict, "buffer-size", G_VARIANT_TYPE_UINT64, TRUE, &v_size, error) ||
      !lookup (&dict, "reconnect-timeout", G_VARIANT_TYPE_UINT32, TRUE, &v_timeout, error))
    return NULL;

  if (!parse_id (g_variant_get_string (v_id, NULL), id))
    {
      bad (error, "id");
      return NULL;
    }
  if (!valid_host (g_variant_get_string (v_host, NULL)) || g_variant_get_uint16 (v_port) == 0)
    {
      bad (error, "peer-host");
      return NULL;
    }
  if (v_target != NULL && !valid_host (g_variant_get_string (v_target, NULL)))
    {
      bad (error, "peer-target");
      return NULL;
    }
  buffer_size = g_variant_get_uint64 (v_size);
  if (buffer_size < 64 * 1024 || buffer_size > G_MAXUINT32)
    {
      bad (error, "buffer-size");
      return NULL;
    }
  if (g_variant_get_uint32 (v_timeout) < 1 || g_variant_get_uint32 (v_timeout) > 24 * 3600)
    {
      bad (error, "reconnect-timeout");
      return NULL;
    }
  if (g_variant_n_children (v_held) > MAX_HELD_DATAGRAMS)
    {
      bad (error, "held-datagrams");
      return NULL;
    }
  if (!decode (&dict, "secret", MIG_CHANNEL_SECRET_SIZE, &secret, &secret_length, error) ||
      !decode (&dict, "unacked", buffer_size, &unacked, &unacked_length, error) ||
      !decode (&dict, "unread", G_MAXUINT32, &unread, &unread_length, error))
    return NULL;
  if (secret_length != MIG_CHANNEL_SECRET_SIZE)
    {
      bad (error, "secret");
      return NULL;
    }
  acked = g_variant_get_uint64 (v_acked);
  received = g_variant_get_uint64 (v_received);
  if (acked > G_MAXUINT64 - unacked_length || unread_length > received)
    {
      bad (error, "acked");
      return NULL;
    }

  self = mig_channel_new_internal (g_variant_get_boolean (v_client), id, secret);
  memset (secret, 0, secret_length);
  self->tls = v_tls != NULL && g_variant_get_boolean (v_tls);
  self->peer_host = g_variant_dup_string (v_host, NULL);
  self->peer_port = g_variant_get_uint16 (v_port);
  self->peer_target = v_target != NULL ? g_variant_dup_string (v_target, NULL) : NULL;
  self->peer_moving = g_variant_get_boolean (v_moving);
  self->local_port = g_variant_get_uint16 (v_local);
  self->buffer_size = buffer_size;
  self->reconnect_timeout = g_variant_get_uint32 (v_timeout);
  self->out_acked = self->out_wire = acked;
  self->out_written = acked + unacked_length;
  if (unacked_length > 0)
    {
      MigChunk *chunk = g_new (MigChunk, 1);

      chunk->bytes = g_bytes_new_take (g_steal_pointer (&unacked), unacked_length);
      chunk->start = acked;
      g_queue_push_tail (&self->out_chunks, chunk);
    }
  self->in_received = self->in_acked_sent = received;
  g_byte_array_append (self->in_buf, unread, unread_length);
  self->dgram_out = g_variant_get_uint64 (v_dout);
  self->dgram_in = g_variant_get_uint64 (v_din);
  for (gsize i = 0; i < g_variant_n_children (v_held); i++)
    {
      const char *text;
      gsize length;
      guchar *payload;

      g_variant_get_child (v_held, i, "&s", &text);
      payload = g_base64_decode (text, &length);
      if (length > MIG_CHANNEL_MAX_DATAGRAM)
        {
          g_free (payload);
          bad (error, "held-datagrams");
          return NULL;
        }
      g_queue_push_tail (&self->dgram_held, g_bytes_new_take (payload, length));
    }
  self->held = TRUE;
  self->frozen = TRUE;
  self->state = MIG_CHANNEL_STATE_FROZEN;
  return g_steal_pointer (&self);
}
