/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mig-dbus-names-private.h"
#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-policy-private.h"
#include "mig-shell-http-private.h"
#include "mig-shell-pull-private.h"
#include "mig-shell-private.h"

/* "Continue here", the side that runs the application (docs/protocol.md):
 * GET /v1/apps/running, POST /v1/apps/{id}/pull and GET /v1/pulls/{id}.
 * A pull asks the running application, over its org.migui.Application1
 * Migrate, to go to the requester's shell as any migration goes; this
 * shell only checks who asks, what its policy says, and reports. */

/* Pulls are kept this long after they end, for the requester's last poll. */
#define MAX_PULLS 64
/* A migration the application makes may wait for the target's user. */
#define MIGRATE_TIMEOUT_MS (5 * 60 * 1000)

static const char *pull_states[] = { "asking", "sending", "done", "failed" };

void
mig_shell_pull_free (MigShellPull *pull)
{
  g_free (pull->id);
  g_free (pull->app_id);
  g_free (pull->app_name);
  g_free (pull->requester_id);
  g_free (pull->requester_name);
  g_free (pull->requester_fingerprint);
  g_free (pull->target);
  g_free (pull->code);
  g_free (pull->error);
  g_free (pull);
}

/* The paired device presenting @fingerprint, or NULL with @msg answered. */
static MigPairedDevice *
paired_requester (MigShell          *self,
                  SoupServerMessage *msg,
                  const char        *fingerprint)
{
  MigPairedDevice *device = mig_trust_store_lookup_by_fingerprint (mig_shell_get_config_dir (self), fingerprint);
  g_autofree char *message = NULL;

  if (device == NULL)
    {
      message = g_strdup_printf (_("This device is not paired with %s; pair them first"), mig_shell_get_name (self));
      mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, "not-paired", message);
      return NULL;
    }
  if (mig_policy_device_denied (mig_shell_get_config_dir (self), device->id))
    {
      message = g_strdup_printf (_("%s does not let this device continue its applications"),
                                 mig_shell_get_name (self));
      mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, "denied", message);
      mig_paired_device_free (device);
      return NULL;
    }
  return device;
}

typedef struct
{
  MigShell *self;              /* owned */
  SoupServerMessage *msg;      /* owned, paused */
  MigPairedDevice *device;     /* owned */
  char *app_id;                /* for a pull, else NULL */
  gboolean clone;
  guint16 port;
} RunningCall;

static void
running_call_free (RunningCall *call)
{
  g_object_unref (call->self);
  g_object_unref (call->msg);
  mig_paired_device_free (call->device);
  g_free (call->app_id);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunningCall, running_call_free)

/* GET /v1/apps/running: [{id, name, icon, windows, titles?}] */
static void
respond_running (RunningCall *call,
                 GPtrArray   *apps)
{
  const char *config_dir = mig_shell_get_config_dir (call->self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < apps->len; i++)
    {
      MigRunningApp *app = g_ptr_array_index (apps, i);
      MigPolicyAction action = mig_policy_decide_pull (config_dir, call->device->id, app->id, NULL);

      /* What may not be pulled is not shown; titles only to a device that
       * may take the application without asking. */
      if (action == MIG_POLICY_DENY)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, app->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, app->name);
      json_builder_set_member_name (builder, "icon");
      json_builder_add_string_value (builder, app->icon);
      json_builder_set_member_name (builder, "windows");
      json_builder_add_int_value (builder, g_strv_length (app->titles));
      if (action == MIG_POLICY_ALLOW)
        {
          json_builder_set_member_name (builder, "titles");
          json_builder_begin_array (builder);
          for (guint t = 0; app->titles[t] != NULL; t++)
            json_builder_add_string_value (builder, app->titles[t]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  mig_shell_respond (call->msg, SOUP_STATUS_OK, builder);
}

static void
respond_pull (SoupServerMessage *msg,
              guint              status,
              MigShellPull      *pull)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, pull->id);
  json_builder_set_member_name (builder, "app");
  json_builder_add_string_value (builder, pull->app_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, pull_states[pull->state]);
  if (pull->state == MIG_PULL_FAILED)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, pull->code);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, pull->error);
    }
  json_builder_end_object (builder);
  mig_shell_respond (msg, status, builder);
}

static void
pull_fail (MigShellPull *pull,
           const char   *code,
           const char   *message)
{
  g_debug ("Pull %s of %s by %s failed (%s): %s", pull->id, pull->app_id, pull->requester_name, code, message);
  pull->state = MIG_PULL_FAILED;
  pull->code = g_strdup (code);
  pull->error = g_strdup (message);
}

/* The error code of docs/protocol.md for what the application's Migrate
 * answered. */
static const char *
code_for_error (const GError *error)
{
  if (error->domain != MIG_ERROR)
    return "failed";
  switch (error->code)
    {
    case MIG_ERROR_APP_NOT_INSTALLED: return "not-installed";
    case MIG_ERROR_VERSION_MISMATCH: return "version-mismatch";
    case MIG_ERROR_REJECTED: return "declined";
    case MIG_ERROR_UNTRUSTED: return "untrusted";
    case MIG_ERROR_UNREACHABLE: return "unreachable";
    case MIG_ERROR_TIMEOUT: return "timeout";
    case MIG_ERROR_CANCELLED: return "cancelled";
    case MIG_ERROR_INVALID_TREE:
    case MIG_ERROR_TOO_LARGE:
    case MIG_ERROR_UNKNOWN_TYPE: return "invalid-state";
    default: return "failed";
    }
}

typedef struct
{
  MigShell *self;  /* owned */
  char *pull_id;
} MigrateCall;

static void
migrated_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MigrateCall *call = user_data;
  MigShellPull *pull = g_hash_table_lookup (call->self->pulls, call->pull_id);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (pull != NULL && reply != NULL)
    {
      g_debug ("Pull %s: %s went to %s", pull->id, pull->app_id, pull->requester_name);
      pull->state = MIG_PULL_DONE;
    }
  else if (pull != NULL)
    {
      g_dbus_error_strip_remote_error (error);
      pull_fail (pull, code_for_error (error), error->message);
    }
  g_object_unref (call->self);
  g_free (call->pull_id);
  g_free (call);
}

static void
start_sending (MigShell     *self,
               MigShellPull *pull)
{
  g_autofree char *path = mig_shell_object_path_for_app_id (pull->app_id);
  MigrateCall *call = g_new0 (MigrateCall, 1);

  pull->state = MIG_PULL_SENDING;
  call->self = g_object_ref (self);
  call->pull_id = g_strdup (pull->id);
  g_debug ("Pull %s: asking %s to %s itself to %s (%s)", pull->id, pull->app_id, pull->clone ? "copy" : "move",
           pull->requester_name, pull->target);
  g_dbus_connection_call (self->connection, pull->app_id, path, MIG_APPLICATION_INTERFACE, "Migrate",
                          g_variant_new ("(sb)", pull->target, pull->clone), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, MIGRATE_TIMEOUT_MS, NULL, migrated_cb, call);
}

static void
forget_old_pulls (MigShell *self)
{
  GHashTableIter iter;
  MigShellPull *pull;

  if (g_hash_table_size (self->pulls) < MAX_PULLS)
    return;
  g_hash_table_iter_init (&iter, self->pulls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pull))
    if (pull->state >= MIG_PULL_DONE)
      g_hash_table_iter_remove (&iter);
}

/* Whether the device of @fingerprint has a pull going on here: one at a
 * time each, so that a device cannot pile up questions. */
static gboolean
has_pull_going_on (MigShell   *self,
                   const char *fingerprint)
{
  GHashTableIter iter;
  MigShellPull *pull;

  g_hash_table_iter_init (&iter, self->pulls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pull))
    if (pull->state < MIG_PULL_DONE && g_strcmp0 (pull->requester_fingerprint, fingerprint) == 0)
      return TRUE;
  return FALSE;
}

static void
start_pull (RunningCall *call,
            GPtrArray   *apps)
{
  MigShell *self = call->self;
  const char *config_dir = mig_shell_get_config_dir (self);
  MigRunningApp *app = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GSocket *socket;
  g_autofree char *rule = NULL;
  MigShellPull *pull;
  MigPolicyAction action;

  for (guint i = 0; app == NULL && i < apps->len; i++)
    if (strcmp (((MigRunningApp *) g_ptr_array_index (apps, i))->id, call->app_id) == 0)
      app = g_ptr_array_index (apps, i);
  if (app == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not running on %s"), call->app_id,
                                                  mig_shell_get_name (self));
      mig_shell_respond_error (call->msg, SOUP_STATUS_NOT_FOUND, "not-running", message);
      return;
    }
  action = mig_policy_decide_pull (config_dir, call->device->id, app->id, &rule);
  g_debug ("Pull policy for %s by %s: %s", app->id, call->device->name, rule);
  if (action == MIG_POLICY_DENY)
    {
      g_autofree char *message = g_strdup_printf (_("%s does not let this device continue %s"),
                                                  mig_shell_get_name (self), app->name);
      mig_shell_respond_error (call->msg, SOUP_STATUS_FORBIDDEN, "denied", message);
      return;
    }
  socket = soup_server_message_get_socket (call->msg);
  if (has_pull_going_on (self, call->device->fingerprint))
    {
      g_autofree char *message = g_strdup_printf (_("This device already asked %s for an application; "
                                                    "wait for that one"), mig_shell_get_name (self));
      soup_message_headers_replace (soup_server_message_get_response_headers (call->msg), "Retry-After", "5");
      mig_shell_respond_error (call->msg, 429, "busy", message);
      return;
    }
  address = socket != NULL ? g_socket_get_remote_address (socket, NULL) : NULL;
  if (G_IS_INET_SOCKET_ADDRESS (address))
    host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  if (host == NULL)
    {
      mig_shell_respond_error (call->msg, SOUP_STATUS_BAD_REQUEST, "bad-pull",
                               _("A pull must come over the network"));
      return;
    }

  forget_old_pulls (self);
  pull = g_new0 (MigShellPull, 1);
  pull->id = g_uuid_string_random ();
  pull->app_id = g_strdup (app->id);
  pull->app_name = g_strdup (app->name);
  pull->requester_id = g_strdup (call->device->id);
  pull->requester_name = g_strdup (call->device->name);
  pull->requester_fingerprint = g_strdup (call->device->fingerprint);
  pull->target = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, call->port) :
                                              g_strdup_printf ("%s:%u", host, call->port);
  pull->clone = call->clone;
  g_hash_table_insert (self->pulls, pull->id, pull);

  if (action == MIG_POLICY_ALLOW)
    start_sending (self, pull);
  else
    {
      pull->state = MIG_PULL_ASKING;
      if (!mig_shell_emit_ask_pull (self, pull))
        {
          g_autofree char *message =
            g_strdup_printf (_("Nobody on %s can allow it; there, allow it with “migui policy allow --pull %s”"),
                             mig_shell_get_name (self), app->id);
          pull_fail (pull, "declined", message);
        }
    }
  respond_pull (call->msg, SOUP_STATUS_ACCEPTED, pull);
}

static void
running_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RunningCall) call = user_data;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;

  apps = mig_shell_list_running_finish (MIG_SHELL (source), result, &error);
  if (apps == NULL)
    {
      g_warning ("Could not list the running applications: %s", error->message);
      mig_shell_respond_error (call->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "failed",
                               _("Could not list the running applications"));
    }
  else if (call->app_id == NULL)
    respond_running (call, apps);
  else
    start_pull (call, apps);
  soup_server_message_unpause (call->msg);
}

static void
list_then (MigShell          *self,
           SoupServerMessage *msg,
           RunningCall       *call)
{
  call->self = g_object_ref (self);
  call->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  mig_shell_list_running_async (self, NULL, running_listed_cb, call);
}

/* GET /v1/apps/running */
void
mig_shell_handle_running (MigShell          *self,
                          SoupServerMessage *msg,
                          const char        *fingerprint)
{
  MigPairedDevice *device = paired_requester (self, msg, fingerprint);
  RunningCall *call;

  if (device == NULL)
    return;
  call = g_new0 (RunningCall, 1);
  call->device = device;
  list_then (self, msg, call);
}

/* POST /v1/apps/{id}/pull: {"mode": "move" or "clone", "port": N} */
void
mig_shell_handle_pull (MigShell          *self,
                       SoupServerMessage *msg,
                       const char        *app_id,
                       const char        *fingerprint)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  MigPairedDevice *device;
  RunningCall *call;
  JsonObject *request;
  const char *mode;
  gint64 port;

  root = mig_json_read_bounded (g_bytes_get_data (body, NULL), g_bytes_get_size (body), 4, NULL);
  request = mig_json_node_get_object (root);
  mode = mig_json_object_get_short_string (request, "mode", 16);
  port = mig_json_object_get_int (request, "port", -1);
  if (request == NULL || mode == NULL || (strcmp (mode, "move") != 0 && strcmp (mode, "clone") != 0) ||
      port <= 0 || port > G_MAXUINT16)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-pull",
                               _("The pull is malformed: it needs mode (move or clone) and the port of the "
                                 "requesting device’s shell"));
      return;
    }
  if (!g_application_id_is_valid (app_id))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-running", _("There is no such application"));
      return;
    }
  if (!mig_shell_count_request (self, fingerprint))
    {
      g_autofree char *message = g_strdup_printf (_("Too many requests to %s from this device; "
                                                    "try again in a minute"), mig_shell_get_name (self));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "60");
      mig_shell_respond_error (msg, 429, "rate-limited", message);
      return;
    }
  if ((device = paired_requester (self, msg, fingerprint)) == NULL)
    return;
  call = g_new0 (RunningCall, 1);
  call->device = device;
  call->app_id = g_strdup (app_id);
  call->clone = strcmp (mode, "clone") == 0;
  call->port = port;
  list_then (self, msg, call);
}

/* GET /v1/pulls/{id} */
void
mig_shell_handle_pull_status (MigShell          *self,
                              SoupServerMessage *msg,
                              const char        *pull_id,
                              const char        *fingerprint)
{
  MigShellPull *pull = g_hash_table_lookup (self->pulls, pull_id);

  if (pull == NULL)
    mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "unknown-pull", _("There is no such pull on this device"));
  else if (g_strcmp0 (pull->requester_fingerprint, fingerprint) != 0)
    mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, "not-yours", _("This pull was asked by another device"));
  else
    respond_pull (msg, SOUP_STATUS_OK, pull);
}

/**
 * mig_shell_answer_pull:
 * @self: a `MigShell`
 * @pull_id: the ID given by [signal@Mig.Shell::ask-pull]
 * @allow: whether the user lets the application go
 *
 * Answers a pull that [signal@Mig.Shell::ask-pull] asked about: the
 * application then migrates to the device that asked for it, or that
 * device learns that it was declined.  Unknown or already answered pulls
 * are ignored.
 */
void
mig_shell_answer_pull (MigShell   *self,
                       const char *pull_id,
                       gboolean    allow)
{
  MigShellPull *pull;

  g_return_if_fail (MIG_IS_SHELL (self));
  g_return_if_fail (pull_id != NULL);

  pull = g_hash_table_lookup (self->pulls, pull_id);
  if (pull == NULL || pull->state != MIG_PULL_ASKING)
    return;
  if (allow)
    start_sending (self, pull);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Declined on %s"), mig_shell_get_name (self));

      pull_fail (pull, "declined", message);
    }
}
