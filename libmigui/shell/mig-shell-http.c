/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mig-versions-private.h"
#include "mig-form-tree.h"
#include "mig-json-reader-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

/* The HTTP side of MigShell: the endpoints of protocol version 1.  Every
 * answer is JSON; errors are {"error": code, "message": sentence}. */

void
mig_shell_respond (SoupServerMessage *msg,
         guint              status,
         JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *body = json_to_string (root, FALSE);

  length = strlen (body);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

void
mig_shell_respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_debug ("%s %s → %u %s: %s", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)), status, code, message);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  mig_shell_respond (msg, status, builder);
}

/* The fingerprint of the client's certificate.  libsoup 3.2 gives the
 * certificate only to the first request of a connection, so it is kept on
 * the connection's socket for the requests that follow. */
static char *
client_fingerprint (MigShell          *self,
                    SoupServerMessage *msg)
{
  GTlsCertificate *certificate = soup_server_message_get_tls_peer_certificate (msg);
  GSocket *socket = soup_server_message_get_socket (msg);
  char *fingerprint;

  /* Streams handed in without a socket (the HTTP fuzz target's) speak
   * for the device the shell was told in-process. */
  if (certificate == NULL && socket == NULL)
    return g_strdup (self->streams_fingerprint);
  if (certificate == NULL)
    return g_strdup (g_object_get_data (G_OBJECT (socket), "mig-fingerprint"));

  fingerprint = mig_certificate_fingerprint (certificate);
  if (socket != NULL)
    g_object_set_data_full (G_OBJECT (socket), "mig-fingerprint", g_strdup (fingerprint), g_free);
  return fingerprint;
}

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
static void
handle_info (MigShell          *self,
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
static void
handle_app (MigShell          *self,
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

static const char *
get_string (JsonObject *object,
            const char *member,
            gsize       max_length)
{
  const char *value = mig_json_object_get_string (object, member);

  return value != NULL && strlen (value) <= max_length ? value : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  return object != NULL ? mig_json_node_get_object (json_object_get_member (object, member)) : NULL;
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
static void
handle_offer (MigShell          *self,
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
  app = get_object (offer, "app");
  source = get_object (offer, "source");
  app_id = get_string (app, "id", 255);
  app_version = get_string (app, "version", 64);
  mode = get_string (offer, "mode", 16);
  sha256 = get_string (offer, "sha256", 64);
  source_id = get_string (source, "id", 64);
  source_name = get_string (source, "name", 256);
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

static void
upload_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  MigShell *self = MIG_SHELL (user_data);
  const char *id = g_object_get_data (G_OBJECT (msg), "mig-migration");
  MigShellMigration *migration = mig_shell_lookup (self, id);

  /* The connection closed before the whole tree came. */
  if (migration != NULL && migration->state == MIG_SHELL_STATE_RECEIVING)
    mig_shell_set_state (self, migration, MIG_SHELL_STATE_ABORTED, _("The upload was interrupted"));
}

/* PUT /v1/migrations/{id}/tree, before its body is read: anything wrong is
 * refused without reading it. */
static void
check_upload (MigShell          *self,
              SoupServerMessage *msg,
              const char        *id,
              const char        *fingerprint)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  MigShellMigration *migration = lookup_for_client (self, msg, id, fingerprint);
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
  length = soup_message_headers_get_content_length (headers);
  if (length > MIG_FORM_TREE_MAX_SIZE || (gsize) length > migration->size)
    {
      /* Whatever the client sends anyway is dropped as it comes. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      mig_shell_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                     _("The tree is larger than was offered"));
      return;
    }
  if ((gsize) length != migration->size)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "wrong-size",
                     _("The tree is smaller than was offered"));
      return;
    }

  mig_shell_set_state (self, migration, MIG_SHELL_STATE_RECEIVING, NULL);
  g_object_set_data_full (G_OBJECT (msg), "mig-migration", g_strdup (id), g_free);
  g_signal_connect_object (msg, "finished", G_CALLBACK (upload_finished_cb), self, 0);
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

/* PUT /v1/migrations/{id}/tree, with its body. */
static void
handle_upload (MigShell          *self,
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

static void
waiter_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  MigShell *self = MIG_SHELL (user_data);
  MigShellMigration *migration = mig_shell_lookup (self, g_object_get_data (G_OBJECT (msg), "mig-migration"));

  if (migration != NULL && g_ptr_array_remove (migration->waiters, msg))
    g_object_unref (msg);
  g_clear_handle_id ((guint *) g_object_get_data (G_OBJECT (msg), "mig-timeout"), g_source_remove);
}

typedef struct
{
  MigShell *shell;
  SoupServerMessage *msg;
  guint id;
} WaitTimeout;

static gboolean
wait_timeout_cb (gpointer user_data)
{
  WaitTimeout *timeout = user_data;
  SoupServerMessage *msg = timeout->msg;
  MigShellMigration *migration = mig_shell_lookup (timeout->shell, g_object_get_data (G_OBJECT (msg), "mig-migration"));

  timeout->id = 0;
  if (migration != NULL && g_ptr_array_remove (migration->waiters, msg))
    {
      mig_shell_wake_waiter (timeout->shell, migration, msg);
      g_object_unref (msg);
    }
  return G_SOURCE_REMOVE;
}

void
mig_shell_wake_waiter (MigShell          *self,
                       MigShellMigration *migration,
                       SoupServerMessage *msg)
{
  WaitTimeout *timeout = g_object_get_data (G_OBJECT (msg), "mig-timeout");

  if (timeout != NULL)
    g_clear_handle_id (&timeout->id, g_source_remove);
  g_signal_handlers_disconnect_by_func (msg, waiter_finished_cb, self);
  respond_status (msg, SOUP_STATUS_OK, migration);
  soup_server_message_unpause (msg);
}

/* Forgets a long poll whose migration is freed (the shell is going):
 * its timer and its handler go, and the migration's reference. */
void
mig_shell_drop_waiter (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "mig-timeout", NULL);
  g_signal_handlers_disconnect_matched (msg, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, waiter_finished_cb, NULL);
  g_object_unref (msg);
}

static void
wait_timeout_free (gpointer data)
{
  WaitTimeout *timeout = data;

  g_clear_handle_id (&timeout->id, g_source_remove);
  g_free (timeout);
}

/* GET /v1/migrations/{id}?wait=S[&state=STATE]: answers at once, or when
 * the state changes (from STATE, else from the current one), or after S
 * seconds. */
static void
handle_status (MigShell          *self,
               SoupServerMessage *msg,
               const char        *id,
               const char        *fingerprint,
               GHashTable        *query)
{
  MigShellMigration *migration = lookup_for_client (self, msg, id, fingerprint);
  const char *wait_text = query != NULL ? g_hash_table_lookup (query, "wait") : NULL;
  const char *seen = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  guint64 wait = 0;
  WaitTimeout *timeout;

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

  timeout = g_new0 (WaitTimeout, 1);
  timeout->shell = self;
  timeout->msg = msg;
  timeout->id = g_timeout_add_seconds (wait, wait_timeout_cb, timeout);
  g_object_set_data_full (G_OBJECT (msg), "mig-migration", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (msg), "mig-timeout", timeout, wait_timeout_free);
  g_signal_connect_object (msg, "finished", G_CALLBACK (waiter_finished_cb), self, 0);
  g_ptr_array_add (migration->waiters, g_object_ref (msg));
  soup_server_message_pause (msg);
}

/* POST /v1/migrations/{id}/commit and …/abort */
static void
handle_decision (MigShell          *self,
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

/* Routes /v1/… requests; @early is set for the call made before the body
 * is read. */
static void
route (MigShell          *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gboolean           early)
{
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *fingerprint = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;

  /* Read for every request, /v1/info too: only the first request of a
   * connection carries the certificate (see client_fingerprint). */
  fingerprint = client_fingerprint (self, msg);

  if (strcmp (path, "/v1/info") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_GET)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET"));
      else
        handle_info (self, msg);
      return;
    }

  if (fingerprint == NULL)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "no-certificate",
                     _("This device only talks to devices that present their certificate"));
      return;
    }

  parts = g_strsplit (path + 1, "/", 0);
  n = g_strv_length (parts);

  /* Bodies are small and their length is said, but for trees. */
  if (early && !(n == 4 && strcmp (parts[1], "migrations") == 0 && strcmp (parts[3], "tree") == 0))
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      SoupEncoding encoding = soup_message_headers_get_encoding (headers);

      if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
        {
          mig_shell_respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "length-required",
                                   _("Say how long the request is (Content-Length)"));
          return;
        }
      if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
          soup_message_headers_get_content_length (headers) > MIG_SHELL_MAX_OFFER_BYTES)
        {
          mig_shell_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                                   _("The request is too large"));
          return;
        }
    }

  if (n >= 2 && (strcmp (parts[1], "pairings") == 0 || strcmp (parts[1], "pairing") == 0))
    {
      if (!early)
        mig_shell_route_pairing (self, msg, parts, fingerprint);
      return;
    }

  if (n == 3 && strcmp (parts[1], "apps") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_GET)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET"));
      else
        handle_app (self, msg, parts[2]);
      return;
    }

  if (n >= 2 && strcmp (parts[1], "migrations") == 0)
    {
      if (n == 2 && method == SOUP_METHOD_POST)
        {
          if (!early)
            handle_offer (self, msg, fingerprint);
          return;
        }
      if (n == 3 && method == SOUP_METHOD_GET)
        {
          if (!early)
            handle_status (self, msg, parts[2], fingerprint, query);
          return;
        }
      if (n == 4 && strcmp (parts[3], "tree") == 0 && method == SOUP_METHOD_PUT)
        {
          if (early)
            check_upload (self, msg, parts[2], fingerprint);
          else
            handle_upload (self, msg, parts[2], fingerprint);
          return;
        }
      if (n == 4 && method == SOUP_METHOD_POST &&
          (strcmp (parts[3], "commit") == 0 || strcmp (parts[3], "abort") == 0))
        {
          if (!early)
            handle_decision (self, msg, parts[2], fingerprint, strcmp (parts[3], "commit") == 0);
          return;
        }
    }

  mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is no such resource"));
}

static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  route (MIG_SHELL (user_data), msg, path, query, TRUE);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  route (MIG_SHELL (user_data), msg, path, query, FALSE);
}

/* Any client certificate is taken: the fingerprint says who the client is,
 * and the policy decides what that device may do. */
static gboolean
accept_certificate_cb (SoupServerMessage    *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

/* A request must arrive in time, or its connection is dropped: see
 * MIG_SHELL_REQUEST_SECONDS.  The timer is the message's, and goes with it. */
typedef struct
{
  guint id;
} Deadline;

static void
deadline_free (gpointer data)
{
  Deadline *deadline = data;

  g_clear_handle_id (&deadline->id, g_source_remove);
  g_free (deadline);
}

static gboolean
deadline_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  Deadline *deadline = g_object_get_data (G_OBJECT (msg), "mig-deadline");
  GSocket *socket = soup_server_message_get_socket (msg);
  GSocketAddress *address;
  g_autofree char *who = NULL;

  deadline->id = 0;
  /* Already disconnected, with the server. */
  if (socket == NULL || g_socket_is_closed (socket))
    return G_SOURCE_REMOVE;
  address = soup_server_message_get_remote_address (msg);
  who = address != NULL ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address)) : g_strdup ("a client");
  g_debug ("Dropping %s: its request did not arrive in time", who);
  /* libsoup then reads the end of the stream and closes the connection. */
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
set_deadline (SoupServerMessage *msg,
              guint              seconds)
{
  Deadline *deadline = g_new0 (Deadline, 1);

  deadline->id = g_timeout_add_seconds (seconds, deadline_cb, msg);
  g_object_set_data_full (G_OBJECT (msg), "mig-deadline", deadline, deadline_free);
}

static void
got_headers_cb (SoupServerMessage *msg,
                MigShell          *self)
{
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  /* The body gets as long again, and the time it takes at the slowest rate
   * a device may send at. */
  if (length > 0)
    set_deadline (msg, self->request_seconds + MIN (length / MIG_SHELL_MIN_BYTES_PER_SECOND, G_MAXUINT / 2));
}

static void
got_body_cb (SoupServerMessage *msg,
             MigShell          *self)
{
  g_object_set_data (G_OBJECT (msg), "mig-deadline", NULL);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  MigShell *self = MIG_SHELL (user_data);

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (got_body_cb), self, 0);
  set_deadline (msg, self->request_seconds);
  /* A connection kept alive must not stay silent for longer than a long
   * poll waits either. */
  if (soup_server_message_get_socket (msg) != NULL)
    g_socket_set_timeout (soup_server_message_get_socket (msg), MIG_SHELL_MAX_WAIT_SECONDS + self->request_seconds);
}

void
mig_shell_remove_handlers (MigShell *self)
{
  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_remove_handler (self->server, "/v1");
  soup_server_remove_handler (self->server, NULL);
}

void
mig_shell_add_handlers (MigShell *self)
{
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->server, "/v1", early_handler_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1", handler_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
}
