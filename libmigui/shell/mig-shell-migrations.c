/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mig-form-tree.h"
#include "mig-json-reader-private.h"
#include "mig-shell-http-private.h"
#include "mig-shell-access-private.h"
#include "mig-shell-private.h"
#include "mig-shell-pull-private.h"
#include "mig-trust-store-private.h"
#include "mig-versions-private.h"

/* The migration endpoints of protocol version 1 (docs/protocol.md): info,
 * app checks, offers, uploads, status long polls, commit and abort.  The
 * transport and the routing are mig-shell-http.c's. */

static void
add_status (JsonBuilder       *builder,
            MigShellMigration *migration)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, migration->id);
  json_builder_set_member_name (builder, "app");
  json_builder_add_string_value (builder, migration->app_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, mig_shell_state_to_string (migration->state));
  if (migration->error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, migration->error);
    }
  json_builder_end_object (builder);
}

static void
respond_status (SoupServerMessage *msg,
                guint              status,
                MigShellMigration *migration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_status (builder, migration);
  mig_shell_respond (msg, status, builder);
}

/* GET /v1/info: who this device is.  Open to clients without a
 * certificate, so that a device can be looked at before it is trusted. */
void
mig_shell_handle_info (MigShell          *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  MigDeviceProfile *profile = self->profile;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, mig_shell_get_device_id (self));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, mig_shell_get_name (self));
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, mig_shell_get_fingerprint (self));
  json_builder_set_member_name (builder, "profile");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "form-factor");
  json_builder_add_string_value (builder, mig_form_factor_to_string (
    profile != NULL ? mig_device_profile_get_form_factor (profile) : MIG_FORM_FACTOR_DESKTOP));
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, profile != NULL ? mig_device_profile_get_width (profile) : 0);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, profile != NULL ? mig_device_profile_get_height (profile) : 0);
  json_builder_set_member_name (builder, "scale");
  json_builder_add_int_value (builder, profile != NULL ? mig_device_profile_get_scale (profile) : 1);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  mig_shell_respond (msg, SOUP_STATUS_OK, builder);
}

/* GET /v1/apps/{app-id} */
void
mig_shell_handle_app (MigShell          *self,
            SoupServerMessage *msg,
            const char        *app_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;

  if (!mig_shell_app_lookup (app_id, &name, &version))
    {
      g_autofree char *message = g_strdup_printf (_("%s is not installed on %s"),
                                                  app_id, mig_shell_get_name (self));
      mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-installed", message);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, app_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "version");
  if (version != NULL)
    json_builder_add_string_value (builder, version);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  mig_shell_respond (msg, SOUP_STATUS_OK, builder);
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* Migrations not yet ended, of one device (by fingerprint) or of all. */
static guint
count_in_flight (MigShell   *self,
                 const char *fingerprint)
{
  GHashTableIter iter;
  MigShellMigration *migration;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->migrations);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &migration))
    if (migration->state < MIG_SHELL_STATE_COMMITTED &&
        (fingerprint == NULL || g_strcmp0 (migration->source_fingerprint, fingerprint) == 0))
      n++;
  return n;
}

/* Counts an offer (or pairing request) of @fingerprint's; FALSE if it
 * has made too many in the last minute.  Devices that stopped offering are
 * forgotten. */
gboolean
mig_shell_count_request (MigShell   *self,
             const char *fingerprint)
{
  gint64 now = g_get_monotonic_time ();
  gint64 minute_ago = now - 60 * G_USEC_PER_SEC;
  GHashTableIter iter;
  GArray *times;

  g_hash_table_iter_init (&iter, self->offer_times);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &times))
    {
      guint old = 0;

      while (old < times->len && g_array_index (times, gint64, old) < minute_ago)
        old++;
      g_array_remove_range (times, 0, old);
      if (times->len == 0)
        g_hash_table_iter_remove (&iter);
    }

  times = g_hash_table_lookup (self->offer_times, fingerprint);
  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->offer_times, g_strdup (fingerprint), times);
    }
  if (times->len >= self->offers_per_minute)
    return FALSE;
  g_array_append_val (times, now);
  return TRUE;
}

void
mig_shell_finish_offer (MigShell          *self,
                        MigShellMigration *migration,
                        gboolean           accept)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&migration->pending_offer);

  if (accept)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, migration->id);
      /* How the tree may come: gzip pays for big trees on slow links. */
      json_builder_set_member_name (builder, "encodings");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, "gzip");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      if (msg != NULL)
        {
          mig_shell_respond (msg, SOUP_STATUS_CREATED, builder);
          soup_server_message_unpause (msg);
        }
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Declined on %s"), mig_shell_get_name (self));

      if (msg != NULL)
        {
          mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, "declined", message);
          soup_server_message_unpause (msg);
        }
      if (migration->state == MIG_SHELL_STATE_OFFERED)
        mig_shell_set_state (self, migration, MIG_SHELL_STATE_ABORTED, message);
    }
}

/* POST /v1/migrations: {app: {id, version}, mode, size, sha256, source: {id, name}} */
void
mig_shell_handle_offer (MigShell          *self,
              SoupServerMessage *msg,
              const char        *fingerprint)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_name = NULL;
  g_autofree char *installed_version = NULL;
  g_autoptr(MigShellRefusal) refusal = NULL;
  g_autoptr(MigPairedDevice) device = NULL;
  JsonObject *offer, *app, *source;
  const char *app_id, *app_version, *mode, *sha256, *source_id, *source_name;
  gint64 size;
  MigShellMigration *migration;
  gboolean ask;

  root = mig_json_read_bounded (g_bytes_get_data (body, NULL), g_bytes_get_size (body), 16, &error);
  offer = mig_json_node_get_object (root);
  app = mig_json_object_get_object (offer, "app");
  source = mig_json_object_get_object (offer, "source");
  app_id = mig_json_object_get_short_string (app, "id", 255);
  app_version = mig_json_object_get_short_string (app, "version", 64);
  mode = mig_json_object_get_short_string (offer, "mode", 16);
  sha256 = mig_json_object_get_short_string (offer, "sha256", 64);
  source_id = mig_json_object_get_short_string (source, "id", 64);
  source_name = mig_json_object_get_short_string (source, "name", 256);
  size = mig_json_object_get_int (offer, "size", -1);

  if (offer == NULL || app_id == NULL || mode == NULL || source_id == NULL || source_name == NULL ||
      (strcmp (mode, "move") != 0 && strcmp (mode, "clone") != 0) || !is_sha256 (sha256) || size <= 0 ||
      !g_utf8_validate (source_name, -1, NULL))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-offer",
                     _("The offer is malformed: it needs app.id, mode (move or clone), a positive size, "
                       "a SHA-256 checksum and source.id and source.name"));
      return;
    }

  if (size > MIG_FORM_TREE_MAX_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, size);
      g_autofree char *message = g_strdup_printf (_("The application’s state is too large (%s bytes; at most %d)"),
                                                  bytes, MIG_FORM_TREE_MAX_SIZE);
      mig_shell_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", message);
      return;
    }

  if (!mig_shell_count_request (self, fingerprint) ||
      count_in_flight (self, fingerprint) >= MIG_SHELL_MAX_IN_FLIGHT_PER_DEVICE)
    {
      g_autofree char *message = g_strdup_printf (_("Too many applications sent to %s from this device; "
                                                    "try again in a minute"), mig_shell_get_name (self));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "60");
      mig_shell_respond_error (msg, 429, "rate-limited", message);
      return;
    }

  refusal = mig_shell_authorize (self, fingerprint, source_id, app_id, &device, &ask);
  if (refusal != NULL)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, refusal->code, refusal->message);
      return;
    }

  if (count_in_flight (self, NULL) >= MIG_SHELL_MAX_IN_FLIGHT)
    {
      g_autofree char *message = g_strdup_printf (_("%s is busy receiving other applications; try again soon"),
                                                  mig_shell_get_name (self));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "5");
      mig_shell_respond_error (msg, 429, "busy", message);
      return;
    }

  if (!mig_shell_app_lookup (app_id, &app_name, &installed_version))
    {
      g_autofree char *message = g_strdup_printf (_("%s is not installed on %s"), app_id, mig_shell_get_name (self));
      mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-installed", message);
      return;
    }

  if (app_version != NULL && installed_version != NULL &&
      mig_compare_versions (app_version, installed_version) > 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s on %s is version %s, older than the sender’s %s; update it first"),
                         app_name, mig_shell_get_name (self), installed_version, app_version);
      mig_shell_respond_error (msg, SOUP_STATUS_CONFLICT, "version-mismatch", message);
      return;
    }

  migration = mig_shell_add_migration (self);
  migration->app_id = g_strdup (app_id);
  migration->app_version = g_strdup (app_version);
  migration->clone = strcmp (mode, "clone") == 0;
  migration->size = size;
  migration->sha256 = g_ascii_strdown (sha256, -1);
  migration->source_id = g_strdup (source_id);
  /* A paired device is named as it was when paired, not as it says. */
  migration->source_name = g_strdup (device != NULL ? device->name : source_name);
  migration->source_fingerprint = g_strdup (fingerprint);
  mig_shell_set_state (self, migration, MIG_SHELL_STATE_OFFERED, NULL);
  migration->pending_offer = g_object_ref (msg);

  /* This device asked for it ("Continue here"): its user said yes then. */
  if (mig_shell_take_expected_pull (self, fingerprint, app_id) && ask)
    {
      g_debug ("Offer of %s from %s: pulled from there, taken without asking", app_id, migration->source_name);
      ask = FALSE;
    }
  if (!ask)
    {
      mig_shell_finish_offer (self, migration, TRUE);
      return;
    }
  soup_server_message_pause (msg);
  if (!mig_shell_emit_ask (self, migration, app_name))
    mig_shell_finish_offer (self, migration, FALSE);
}

/* The migration named by a request, if it exists and the client is the
 * device that offered it; otherwise the request is answered. */
static MigShellMigration *
lookup_for_client (MigShell          *self,
                   SoupServerMessage *msg,
                   const char        *id,
                   const char        *fingerprint)
{
  MigShellMigration *migration = mig_shell_lookup (self, id);

  if (migration == NULL)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "unknown-migration",
                     _("There is no such migration on this device"));
      return NULL;
    }
  if (g_strcmp0 (migration->source_fingerprint, fingerprint) != 0)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, "not-yours",
                     _("This migration was offered by another device"));
      return NULL;
    }
  return migration;
}

static gboolean
is_gzipped (SoupServerMessage *msg)
{
  const char *encoding = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                       "Content-Encoding");

  return encoding != NULL && g_ascii_strcasecmp (encoding, "gzip") == 0;
}

/* PUT /v1/migrations/{id}/tree, before its body is read: anything wrong is
 * refused without reading it. */
void
mig_shell_check_upload (MigShell          *self,
              SoupServerMessage *msg,
              const char        *id,
              const char        *fingerprint)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  MigShellMigration *migration = lookup_for_client (self, msg, id, fingerprint);
  MigShellRequest *request = mig_shell_get_request (self, msg);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  gboolean gzipped = is_gzipped (msg);
  goffset length;

  if (migration == NULL)
    return;
  if (migration->state != MIG_SHELL_STATE_OFFERED)
    {
      g_autofree char *message = g_strdup_printf (_("This migration is %s; its tree cannot be sent again"),
                                                  mig_shell_state_to_string (migration->state));
      mig_shell_respond_error (msg, SOUP_STATUS_CONFLICT, "wrong-state", message);
      return;
    }
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "length-required",
                     _("The tree must be sent with a Content-Length"));
      return;
    }
  if (encoding != NULL && !gzipped && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-encoding",
                               _("The tree must be sent plain or gzipped"));
      return;
    }
  length = soup_message_headers_get_content_length (headers);
  /* A gzipped tree is smaller than the offered size, or it is sent plain. */
  if (length > MIG_FORM_TREE_MAX_SIZE || (gsize) length > migration->size)
    {
      /* Whatever the client sends anyway is dropped as it comes. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      mig_shell_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                     _("The tree is larger than was offered"));
      return;
    }
  if (!gzipped && (gsize) length != migration->size)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "wrong-size",
                     _("The tree is smaller than was offered"));
      return;
    }

  mig_shell_set_state (self, migration, MIG_SHELL_STATE_RECEIVING, NULL);
  request->kind = MIG_SHELL_REQUEST_UPLOAD;
  request->migration_id = g_strdup (id);
}

static void
fail_upload (MigShell          *self,
             SoupServerMessage *msg,
             MigShellMigration *migration,
             guint              status,
             const char        *code,
             const char        *message)
{
  mig_shell_respond_error (msg, status, code, message);
  mig_shell_set_state (self, migration, MIG_SHELL_STATE_FAILED, message);
}

/* Unpacks a gzipped tree that must come to exactly @size bytes: anything
 * damaged, or that would unpack to more (a "zip bomb"), gives %NULL. */
static GBytes *
gunzip_tree (GBytes *body,
             gsize   size)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  const guint8 *in = g_bytes_get_data (body, NULL);
  gsize in_left = g_bytes_get_size (body);
  /* One byte more than allowed, to see a tree that would grow past it. */
  g_autofree char *out = g_malloc (size + 1);
  gsize out_len = 0;

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (decompressor), in, in_left, out + out_len, size + 1 - out_len,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
      in += read;
      in_left -= read;
      out_len += written;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (result == G_CONVERTER_ERROR || out_len > size || (read == 0 && written == 0))
        return NULL;
    }
  if (out_len != size || in_left != 0)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&out), size);
}

/* PUT /v1/migrations/{id}/tree, with its body. */
void
mig_shell_handle_upload (MigShell          *self,
               SoupServerMessage *msg,
               const char        *id,
               const char        *fingerprint)
{
  MigShellMigration *migration = lookup_for_client (self, msg, id, fingerprint);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *path = NULL;
  gconstpointer data;
  gsize length;

  if (migration == NULL)
    return;
  if (migration->state != MIG_SHELL_STATE_RECEIVING)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_CONFLICT, "wrong-state", _("This migration is not receiving a tree"));
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (is_gzipped (msg))
    {
      GBytes *plain = gunzip_tree (body, migration->size);

      if (plain == NULL)
        {
          fail_upload (self, msg, migration, SOUP_STATUS_BAD_REQUEST, "wrong-checksum",
                       _("The tree arrived damaged: it does not unpack to the offered size"));
          return;
        }
      g_bytes_unref (body);
      body = plain;
    }
  data = g_bytes_get_data (body, &length);
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  if (length != migration->size || strcmp (checksum, migration->sha256) != 0)
    {
      fail_upload (self, msg, migration, SOUP_STATUS_BAD_REQUEST, "wrong-checksum",
                   _("The tree arrived damaged: its SHA-256 checksum differs from the offer"));
      return;
    }

  tree = mig_form_tree_new_from_data (data, length, &error);
  if (tree == NULL)
    {
      fail_upload (self, msg, migration, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-tree", error->message);
      return;
    }
  if (g_strcmp0 (mig_form_tree_get_app_id (tree), migration->app_id) != 0)
    {
      fail_upload (self, msg, migration, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-tree",
                   _("The tree belongs to another application than was offered"));
      return;
    }

  if (g_mkdir_with_parents (self->incoming_dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not make the folder %s: %s"),
                                                  self->incoming_dir, g_strerror (errno));
      fail_upload (self, msg, migration, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage", message);
      return;
    }
  path = g_strdup_printf ("%s/%s.migui", self->incoming_dir, migration->id);
  /* The file only lives until its application has read it (the sender
   * still holds the application), so it is not synced to disk. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    {
      fail_upload (self, msg, migration, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage", error->message);
      return;
    }
  migration->path = g_steal_pointer (&path);
  mig_shell_set_state (self, migration, MIG_SHELL_STATE_RESTORING, NULL);

  if (!mig_shell_deliver (self, migration, &error))
    {
      fail_upload (self, msg, migration, SOUP_STATUS_INTERNAL_SERVER_ERROR, "launch-failed", error->message);
      return;
    }
  respond_status (msg, SOUP_STATUS_ACCEPTED, migration);
}

/* A request of the shell's has ended, answered or not (its client may
 * have gone): an upload that had not come whole aborts its migration, a
 * long poll leaves its migration's waiters. */
void
mig_shell_request_ended (MigShell        *self,
                         MigShellRequest *request)
{
  MigShellMigration *migration =
      request->migration_id != NULL ? mig_shell_lookup (self, request->migration_id) : NULL;

  if (migration == NULL)
    return;
  if (request->kind == MIG_SHELL_REQUEST_UPLOAD && migration->state == MIG_SHELL_STATE_RECEIVING)
    mig_shell_set_state (self, migration, MIG_SHELL_STATE_ABORTED, _("The upload was interrupted"));
  if (request->kind == MIG_SHELL_REQUEST_LONG_POLL &&
      g_ptr_array_remove (migration->waiters, request->msg))
    g_object_unref (request->msg);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  MigShellRequest *request = user_data;
  MigShellMigration *migration = mig_shell_lookup (request->shell, request->migration_id);
  SoupServerMessage *msg = request->msg;

  request->wait_id = 0;
  if (migration != NULL && g_ptr_array_remove (migration->waiters, msg))
    {
      mig_shell_wake_waiter (request->shell, migration, msg);
      g_object_unref (msg);
    }
  return G_SOURCE_REMOVE;
}

/* Answers a long poll with the migration's state; the caller has taken it
 * out of the waiters. */
void
mig_shell_wake_waiter (MigShell          *self,
                       MigShellMigration *migration,
                       SoupServerMessage *msg)
{
  MigShellRequest *request = mig_shell_get_request (self, msg);

  g_clear_handle_id (&request->wait_id, g_source_remove);
  request->kind = MIG_SHELL_REQUEST_PLAIN;
  respond_status (msg, SOUP_STATUS_OK, migration);
  soup_server_message_unpause (msg);
}

/* GET /v1/migrations/{id}?wait=S[&state=STATE]: answers at once, or when
 * the state changes (from STATE, else from the current one), or after S
 * seconds. */
void
mig_shell_handle_status (MigShell          *self,
               SoupServerMessage *msg,
               const char        *id,
               const char        *fingerprint,
               GHashTable        *query)
{
  MigShellMigration *migration = lookup_for_client (self, msg, id, fingerprint);
  const char *wait_text = query != NULL ? g_hash_table_lookup (query, "wait") : NULL;
  const char *seen = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  MigShellRequest *request = mig_shell_get_request (self, msg);
  guint64 wait = 0;

  if (migration == NULL)
    return;
  if (wait_text != NULL && !g_ascii_string_to_unsigned (wait_text, 10, 0, MIG_SHELL_MAX_WAIT_SECONDS, &wait, NULL))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-wait",
                     _("wait must be a whole number of seconds from 0 to 30"));
      return;
    }
  if (wait == 0 || migration->state >= MIG_SHELL_STATE_COMMITTED ||
      (seen != NULL && strcmp (seen, mig_shell_state_to_string (migration->state)) != 0))
    {
      respond_status (msg, SOUP_STATUS_OK, migration);
      return;
    }

  request->kind = MIG_SHELL_REQUEST_LONG_POLL;
  g_free (request->migration_id);
  request->migration_id = g_strdup (id);
  request->wait_id = g_timeout_add_seconds (wait, wait_timeout_cb, request);
  g_ptr_array_add (migration->waiters, g_object_ref (msg));
  soup_server_message_pause (msg);
}

/* POST /v1/migrations/{id}/commit and …/abort */
void
mig_shell_handle_decision (MigShell          *self,
                 SoupServerMessage *msg,
                 const char        *id,
                 const char        *fingerprint,
                 gboolean           commit)
{
  MigShellMigration *migration = lookup_for_client (self, msg, id, fingerprint);
  static guint dropped;

  if (migration == NULL)
    return;

  /* Fault injection for the test bed: the first commits are lost, or
   * taken with their answers lost, as when the network fails then. */
  if (commit && migration->state == MIG_SHELL_STATE_RESTORED &&
      (dropped < g_ascii_strtoull (g_getenv ("MIGUI_SHELL_TEST_LOSE_COMMIT_ANSWERS") ?: "0", NULL, 10) ||
       dropped < g_ascii_strtoull (g_getenv ("MIGUI_SHELL_TEST_LOSE_COMMITS") ?: "0", NULL, 10)))
    {
      g_autoptr(GIOStream) stream = NULL;

      dropped++;
      if (g_getenv ("MIGUI_SHELL_TEST_LOSE_COMMITS") == NULL)
        mig_shell_set_state (self, migration, MIG_SHELL_STATE_COMMITTED, NULL);
      stream = soup_server_message_steal_connection (msg);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  if (migration->state >= MIG_SHELL_STATE_COMMITTED)
    {
      g_autofree char *message = g_strdup_printf (_("This migration is already %s"),
                                                  mig_shell_state_to_string (migration->state));
      mig_shell_respond_error (msg, SOUP_STATUS_CONFLICT,
                     migration->state == MIG_SHELL_STATE_COMMITTED ? "already-committed" : "already-ended",
                     message);
      return;
    }
  if (commit && migration->state != MIG_SHELL_STATE_RESTORED)
    {
      g_autofree char *message = g_strdup_printf (_("This migration is %s; only a restored one can be committed"),
                                                  mig_shell_state_to_string (migration->state));
      mig_shell_respond_error (msg, SOUP_STATUS_CONFLICT, "not-restored", message);
      return;
    }

  mig_shell_set_state (self, migration, commit ? MIG_SHELL_STATE_COMMITTED : MIG_SHELL_STATE_ABORTED,
                       commit ? NULL : _("The sending device cancelled"));
  respond_status (msg, SOUP_STATUS_OK, migration);
}

