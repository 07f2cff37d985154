/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-peer-client-private.h"
#include "mig-shell-pull-private.h"
#include "mig-shell-private.h"

/* "Continue here", the side that asks (see mig-shell-pull.c for the
 * other): which applications a paired device runs, and a pull of one of
 * them, which then arrives as any migration does — but without asking
 * this device's user, who asked for it. */

/* How often the pull's state is asked for, and for how long in all (the
 * other device's user may be asked). */
#define POLL_INTERVAL_MS 200
#define PULL_TIMEOUT_SECONDS (6 * 60)

typedef struct
{
  char *fingerprint;
  char *app_id;
  gint64 expires;   /* monotonic */
} ExpectedPull;

static void
expected_pull_free (ExpectedPull *expected)
{
  g_free (expected->fingerprint);
  g_free (expected->app_id);
  g_free (expected);
}

static void
expect_pull (MigShell   *self,
             const char *fingerprint,
             const char *app_id)
{
  ExpectedPull *expected = g_new0 (ExpectedPull, 1);

  if (self->expected_pulls == NULL)
    self->expected_pulls = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_pull_free);
  expected->fingerprint = g_strdup (fingerprint);
  expected->app_id = g_strdup (app_id);
  expected->expires = g_get_monotonic_time () + PULL_TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  g_ptr_array_add (self->expected_pulls, expected);
}

gboolean
mig_shell_take_expected_pull (MigShell   *self,
                              const char *fingerprint,
                              const char *app_id)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; self->expected_pulls != NULL && i < self->expected_pulls->len; i++)
    {
      ExpectedPull *expected = g_ptr_array_index (self->expected_pulls, i);

      if (expected->expires < now)
        g_ptr_array_remove_index (self->expected_pulls, i--);
      else if (g_ascii_strcasecmp (expected->fingerprint, fingerprint) == 0 &&
               strcmp (expected->app_id, app_id) == 0)
        {
          g_ptr_array_remove_index (self->expected_pulls, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* The error for a refusal or a failed pull, by its code. */
static GError *
pull_error (const char *code,
            const char *message)
{
  MigError error_code = MIG_ERROR_FAILED;

  if (code == NULL)
    error_code = MIG_ERROR_FAILED;
  else if (strcmp (code, "not-paired") == 0 || strcmp (code, "identity-changed") == 0 ||
           strcmp (code, "untrusted") == 0)
    error_code = MIG_ERROR_UNTRUSTED;
  else if (strcmp (code, "denied") == 0 || strcmp (code, "declined") == 0 ||
           strcmp (code, "rate-limited") == 0 || strcmp (code, "busy") == 0)
    error_code = MIG_ERROR_REJECTED;
  else if (strcmp (code, "not-running") == 0)
    error_code = MIG_ERROR_NOT_RUNNING;
  else if (strcmp (code, "not-installed") == 0)
    error_code = MIG_ERROR_APP_NOT_INSTALLED;
  else if (strcmp (code, "version-mismatch") == 0)
    error_code = MIG_ERROR_VERSION_MISMATCH;
  else if (strcmp (code, "unreachable") == 0)
    error_code = MIG_ERROR_UNREACHABLE;
  else if (strcmp (code, "timeout") == 0)
    error_code = MIG_ERROR_TIMEOUT;
  else if (strcmp (code, "invalid-state") == 0)
    error_code = MIG_ERROR_INVALID_TREE;
  return g_error_new_literal (MIG_ERROR, error_code, message != NULL ? message : _("The pull failed"));
}

/* The answer of a request, or NULL with @task returned: an error answer
 * (one that is not @expected) becomes the task's error. */
static JsonNode *
answer_or_fail (GTask        *task,
                MigPeer      *peer,
                GAsyncResult *result,
                guint         expected)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  root = mig_peer_request_finish (peer, result, &status, &error);
  if (root == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  if (status != expected || root == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("%s answered %u"), mig_peer_describe (peer), status);
      const char *message = mig_json_node_get_member_string (root, "message");

      g_task_return_error (task, pull_error (mig_json_node_get_member_string (root, "error"),
                                             message != NULL ? message : fallback));
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* a(sssuas): id, name, icon name, number of windows, titles */
static GVariant *
running_from_json (JsonNode *root)
{
  JsonObject *object = mig_json_node_get_object (root);
  JsonNode *apps = object != NULL ? json_object_get_member (object, "apps") : NULL;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sssuas)"));
  if (apps != NULL && JSON_NODE_HOLDS_ARRAY (apps))
    {
      JsonArray *array = json_node_get_array (apps);

      for (guint i = 0; i < json_array_get_length (array) && i < 256; i++)
        {
          JsonObject *app = mig_json_node_get_object (json_array_get_element (array, i));
          const char *id = mig_json_object_get_short_string (app, "id", 255);
          const char *name = mig_json_object_get_short_string (app, "name", 256);
          const char *icon = mig_json_object_get_short_string (app, "icon", 256);
          gint64 windows = mig_json_object_get_int (app, "windows", 0);
          JsonNode *titles = app != NULL ? json_object_get_member (app, "titles") : NULL;
          GVariantBuilder title_builder;

          if (id == NULL || !g_application_id_is_valid (id) || name == NULL || !g_utf8_validate (name, -1, NULL))
            continue;
          g_variant_builder_init (&title_builder, G_VARIANT_TYPE ("as"));
          for (guint t = 0; titles != NULL && JSON_NODE_HOLDS_ARRAY (titles) &&
                            t < json_array_get_length (json_node_get_array (titles)) && t < 64; t++)
            {
              JsonNode *title = json_array_get_element (json_node_get_array (titles), t);

              if (JSON_NODE_HOLDS_VALUE (title) && json_node_get_value_type (title) == G_TYPE_STRING &&
                  g_utf8_validate (json_node_get_string (title), -1, NULL))
                g_variant_builder_add (&title_builder, "s", json_node_get_string (title));
            }
          g_variant_builder_add (&builder, "(sssuas)", id, name,
                                 icon != NULL && g_utf8_validate (icon, -1, NULL) ? icon : "",
                                 (guint32) CLAMP (windows, 0, G_MAXUINT32), &title_builder);
        }
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static void
running_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = answer_or_fail (task, MIG_PEER (source), result, SOUP_STATUS_OK);

  if (root != NULL)
    g_task_return_pointer (task, running_from_json (root), (GDestroyNotify) g_variant_unref);
}

/* The migratory applications @peer, a paired device, runs: a(sssuas). */
void
mig_shell_list_remote_running_async (MigShell            *self,
                                     MigPeer             *peer,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, mig_shell_list_remote_running_async);
  mig_peer_request_async (peer, self->identity, SOUP_METHOD_GET, "/v1/apps/running", NULL, cancellable,
                          running_cb, task);
}

GVariant *
mig_shell_list_remote_running_finish (MigShell      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A pull while it goes on. */
typedef struct
{
  MigPeer *peer;        /* owned */
  char *app_id;
  gboolean clone;
  char *fingerprint;    /* the peer's, once known */
  char *pull_id;        /* once accepted */
  gint64 deadline;      /* monotonic */
  guint poll_id;
} Pull;

static void
pull_free (Pull *pull)
{
  g_clear_handle_id (&pull->poll_id, g_source_remove);
  g_object_unref (pull->peer);
  g_free (pull->app_id);
  g_free (pull->fingerprint);
  g_free (pull->pull_id);
  g_free (pull);
}

/* Ends the pull; an offer it may still bring is not expected any more. */
static void
pull_return_error (GTask  *task,
                   GError *error)
{
  Pull *pull = g_task_get_task_data (task);

  if (pull->fingerprint != NULL)
    mig_shell_take_expected_pull (g_task_get_source_object (task), pull->fingerprint, pull->app_id);
  g_task_return_error (task, error);
}

static void poll_pull (GTask *task);

/* Goes on with the pull after an answer giving its state. */
static void
handle_state (GTask    *task,
              JsonNode *root)
{
  Pull *pull = g_task_get_task_data (task);
  const char *state = mig_json_node_get_member_string (root, "state");

  if (g_strcmp0 (state, "done") == 0)
    {
      g_debug ("Pulled %s from %s", pull->app_id, mig_peer_describe (pull->peer));
      g_task_return_boolean (task, TRUE);
    }
  else if (g_strcmp0 (state, "failed") == 0)
    pull_return_error (task, pull_error (mig_json_node_get_member_string (root, "code"),
                                         mig_json_node_get_member_string (root, "error")));
  else if (g_strcmp0 (state, "asking") != 0 && g_strcmp0 (state, "sending") != 0)
    pull_return_error (task, g_error_new (MIG_ERROR, MIG_ERROR_FAILED, _("%s gave a pull an unknown state"),
                                          mig_peer_describe (pull->peer)));
  else if (g_get_monotonic_time () > pull->deadline)
    pull_return_error (task, g_error_new (MIG_ERROR, MIG_ERROR_TIMEOUT, _("%s did not send %s in time"),
                                          mig_peer_describe (pull->peer), pull->app_id));
  else
    {
      pull->poll_id = g_timeout_add_once (POLL_INTERVAL_MS, (GSourceOnceFunc) poll_pull, task);
      return;
    }
  g_object_unref (task);
}

static void
polled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  root = mig_peer_request_finish (pull->peer, result, &status, &error);
  if (root == NULL && error != NULL)
    pull_return_error (task, g_steal_pointer (&error));
  else if (status != SOUP_STATUS_OK)
    pull_return_error (task, pull_error (mig_json_node_get_member_string (root, "error"),
                                         mig_json_node_get_member_string (root, "message")));
  else
    {
      handle_state (task, root);
      return;
    }
  g_object_unref (task);
}

static void
poll_pull (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/v1/pulls/%s", pull->pull_id);

  pull->poll_id = 0;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      pull_return_error (task, g_error_new (MIG_ERROR, MIG_ERROR_CANCELLED, _("Cancelled")));
      g_object_unref (task);
      return;
    }
  mig_peer_request_async (pull->peer, MIG_SHELL (g_task_get_source_object (task))->identity, SOUP_METHOD_GET,
                          path, NULL, g_task_get_cancellable (task), polled_cb, task);
}

static void
pull_accepted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;
  guint status = 0;

  root = mig_peer_request_finish (pull->peer, result, &status, &error);
  if (root == NULL && error != NULL)
    {
      pull_return_error (task, g_steal_pointer (&error));
      return;
    }
  id = mig_json_node_get_member_string (root, "id");
  if (status != SOUP_STATUS_ACCEPTED || id == NULL || strlen (id) > 64)
    {
      pull_return_error (task, pull_error (mig_json_node_get_member_string (root, "error"),
                                           mig_json_node_get_member_string (root, "message")));
      return;
    }
  pull->pull_id = g_strdup (id);
  g_debug ("%s accepted the pull of %s (%s)", mig_peer_describe (pull->peer), pull->app_id, id);
  handle_state (g_steal_pointer (&task), root);
}

static void
checked_running_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigShell *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = answer_or_fail (task, pull->peer, result, SOUP_STATUS_OK);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body_root = NULL;
  g_autoptr(GBytes) body = NULL;
  GCancellable *cancellable;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (root == NULL)
    return;
  /* The list is not read (an application the policy there denies is left
   * out of it; the pull says why): the answer proved the device paired and
   * named its certificate.  From here, an offer of the application from
   * that device is this pull's, taken without asking. */
  pull->fingerprint = g_strdup (mig_peer_request_get_fingerprint (result));
  expect_pull (self, pull->fingerprint, pull->app_id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, pull->clone ? "clone" : "move");
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_end_object (builder);
  body_root = json_builder_get_root (builder);
  text = json_to_string (body_root, FALSE);
  length = strlen (text);
  path = g_strdup_printf ("/v1/apps/%s/pull", pull->app_id);
  body = g_bytes_new_take (g_steal_pointer (&text), length);
  cancellable = g_task_get_cancellable (task);
  mig_peer_request_async (pull->peer, self->identity, SOUP_METHOD_POST, path, body, cancellable,
                          pull_accepted_cb, g_steal_pointer (&task));
}

/* Asks @peer, a paired device, to send @app_id here (a copy if @clone). */
void
mig_shell_continue_async (MigShell            *self,
                          MigPeer             *peer,
                          const char          *app_id,
                          gboolean             clone,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pull *pull = g_new0 (Pull, 1);

  g_task_set_source_tag (task, mig_shell_continue_async);
  pull->peer = g_object_ref (peer);
  pull->app_id = g_strdup (app_id);
  pull->clone = clone;
  pull->deadline = g_get_monotonic_time () + PULL_TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);

  /* Nothing moves for an application that could not open here. */
  if (!mig_shell_app_lookup (app_id, NULL, NULL))
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_APP_NOT_INSTALLED, _("%s is not installed on this device"),
                               app_id);
      g_object_unref (task);
      return;
    }
  mig_peer_request_async (peer, self->identity, SOUP_METHOD_GET, "/v1/apps/running", NULL, cancellable,
                          checked_running_cb, task);
}

gboolean
mig_shell_continue_finish (MigShell      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
