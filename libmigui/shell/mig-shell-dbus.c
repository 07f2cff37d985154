/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n-lib.h>

#include "mig-dbus-generated.h"
#include "mig-dbus-names-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-private.h"
#include "mig-shell-pull-private.h"

/* The session-bus side of MigShell: how applications pick up what arrived
 * and report back, and how the shell hands a tree to its application. */

/* What a watch on a restoring application's bus name knows; the watch
 * ends with its migration (migration_free(), or a final state), before
 * the shell goes. */
typedef struct
{
  MigShell *shell;    /* borrowed */
  char     *id;
} OwnerWatch;

static void
owner_watch_free (gpointer data)
{
  OwnerWatch *watch = data;

  g_free (watch->id);
  g_free (watch);
}

static void
owner_vanished_cb (GDBusConnection *connection,
                   const char      *name,
                   gpointer         user_data)
{
  OwnerWatch *watch = user_data;
  MigShellMigration *migration = mig_shell_lookup (watch->shell, watch->id);

  if (migration != NULL && migration->state == MIG_SHELL_STATE_RESTORING)
    mig_shell_set_state (watch->shell, migration, MIG_SHELL_STATE_FAILED,
                         _("The application quit while it was restoring"));
}

/* Watches the process that restores @migration, so that its crash fails the
 * migration at once instead of after a timeout. */
void
mig_shell_watch_owner (MigShell          *self,
                       MigShellMigration *migration,
                       const char        *owner)
{
  OwnerWatch *watch;

  if (self->connection == NULL || migration->owner_watch_id != 0)
    return;
  watch = g_new0 (OwnerWatch, 1);
  watch->shell = self;
  watch->id = g_strdup (migration->id);
  migration->owner_watch_id =
    g_bus_watch_name_on_connection (self->connection, owner, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                    NULL, owner_vanished_cb, watch, owner_watch_free);
}

/* org.migui.Shell1 (data/dbus/org.migui.Shell1.xml), through the
 * generated skeleton: one handle_ function a method, each returning early
 * on what it cannot do. */

static gboolean
handle_get_info (MigDBusShell1         *object,
                 GDBusMethodInvocation *invocation,
                 MigShell              *self)
{
  mig_dbus_shell1_complete_get_info (object, invocation, mig_shell_get_device_id (self),
                                     mig_shell_get_name (self), mig_shell_get_fingerprint (self),
                                     mig_shell_get_port (self));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_briefing (MigDBusShell1         *object,
                     GDBusMethodInvocation *invocation,
                     MigShell              *self)
{
  g_autoptr(GVariant) briefing = mig_shell_get_briefing (self);

  mig_dbus_shell1_complete_get_briefing (object, invocation, briefing);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_arriving (MigDBusShell1         *object,
                 GDBusMethodInvocation *invocation,
                 const char            *id,
                 MigShell              *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) briefing = NULL;
  MigShellMigration *migration;

  if (!mig_shell_report_arriving (self, id, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  migration = mig_shell_lookup (self, id);
  mig_shell_watch_owner (self, migration, g_dbus_method_invocation_get_sender (invocation));
  briefing = mig_shell_get_briefing (self);
  mig_dbus_shell1_complete_arriving (object, invocation, briefing, migration->source_name,
                                     migration->clone ? "clone" : "move");
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_restored (MigDBusShell1         *object,
                 GDBusMethodInvocation *invocation,
                 const char            *id,
                 MigShell              *self)
{
  g_autoptr(GError) error = NULL;

  if (!mig_shell_report_restored (self, id, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  mig_dbus_shell1_complete_restored (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_failed (MigDBusShell1         *object,
               GDBusMethodInvocation *invocation,
               const char            *id,
               const char            *message,
               MigShell              *self)
{
  mig_shell_report_failed (self, id, message);
  mig_dbus_shell1_complete_failed (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
migration_changed_cb (MigShell   *self,
                      const char *id,
                      const char *state,
                      gpointer    user_data)
{
  MigShellMigration *migration = mig_shell_lookup (self, id);

  if (self->skeleton == NULL)
    return;
  mig_dbus_shell1_emit_migration_changed (self->skeleton, id, state,
                                          migration != NULL && migration->error != NULL ? migration->error
                                                                                        : "");
}

static void
pairing_requested_cb (MigShell   *self,
                      const char *id,
                      const char *name,
                      const char *code,
                      gboolean    outgoing,
                      gboolean    identity_changed,
                      gpointer    user_data)
{
  mig_dbus_shell1_emit_pairing_requested (self->skeleton, id, name, code, outgoing, identity_changed);
}

static void
pairing_finished_cb (MigShell   *self,
                     const char *id,
                     gboolean    success,
                     const char *message,
                     gpointer    user_data)
{
  mig_dbus_shell1_emit_pairing_finished (self->skeleton, id, success, message);
}

/**
 * mig_shell_export:
 * @self: a `MigShell`
 * @connection: the session bus
 * @error: return location for a `GError`
 *
 * Exports the `org.migui.Shell1` interface at `/org/migui/Shell` on
 * @connection, through which applications report what they did with a
 * tree: `Arriving`, `Restored` and `Failed`, and learn the outcome from the
 * `MigrationChanged` signal; and through which the device's user pairs and
 * unpairs devices and sets the access policy (`Pair`, `ConfirmPairing`,
 * `GetPairings`, `ListDevices`, `Unpair`, `ListPolicy`, `SetPolicy`,
 * signals `PairingRequested` and `PairingFinished`; the `migui` command
 * line uses them).  The caller owns the bus name (the daemon owns
 * `org.migui.Shell`).
 *
 * Returns: %TRUE if the interface was exported
 */
gboolean
mig_shell_export (MigShell         *self,
                  GDBusConnection  *connection,
                  GError          **error)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->connection == NULL, FALSE);

  self->skeleton = mig_dbus_shell1_skeleton_new ();
  g_signal_connect (self->skeleton, "handle-get-info", G_CALLBACK (handle_get_info), self);
  g_signal_connect (self->skeleton, "handle-get-briefing", G_CALLBACK (handle_get_briefing), self);
  g_signal_connect (self->skeleton, "handle-arriving", G_CALLBACK (handle_arriving), self);
  g_signal_connect (self->skeleton, "handle-restored", G_CALLBACK (handle_restored), self);
  g_signal_connect (self->skeleton, "handle-failed", G_CALLBACK (handle_failed), self);
  mig_shell_trust_connect (self, self->skeleton);
  mig_shell_pull_connect (self, self->skeleton);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection,
                                         MIG_SHELL_OBJECT_PATH, error))
    {
      g_signal_handlers_disconnect_by_data (self->skeleton, self);
      g_clear_object (&self->skeleton);
      return FALSE;
    }
  self->connection = g_object_ref (connection);
  g_signal_connect (self, "migration-changed", G_CALLBACK (migration_changed_cb), NULL);
  g_signal_connect (self, "pairing-requested", G_CALLBACK (pairing_requested_cb), NULL);
  g_signal_connect (self, "pairing-finished", G_CALLBACK (pairing_finished_cb), NULL);
  return TRUE;
}

/**
 * mig_shell_unexport:
 * @self: a `MigShell`
 *
 * Undoes [method@Mig.Shell.export].
 */
void
mig_shell_unexport (MigShell *self)
{
  g_return_if_fail (MIG_IS_SHELL (self));

  if (self->connection == NULL)
    return;
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
  g_signal_handlers_disconnect_by_data (self->skeleton, self);
  g_clear_object (&self->skeleton);
  g_signal_handlers_disconnect_by_func (self, migration_changed_cb, NULL);
  g_signal_handlers_disconnect_by_func (self, pairing_requested_cb, NULL);
  g_signal_handlers_disconnect_by_func (self, pairing_finished_cb, NULL);
  g_clear_object (&self->connection);
}

typedef struct
{
  MigShell *shell;
  char *id;
} CallData;

static void
call_data_free (CallData *data)
{
  g_object_unref (data->shell);
  g_free (data->id);
  g_free (data);
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CallData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      MigShellMigration *migration = mig_shell_lookup (data->shell, data->id);
      g_autofree char *message = g_strdup_printf (_("The application could not be reached: %s"), error->message);

      g_dbus_error_strip_remote_error (error);
      if (migration != NULL && migration->state == MIG_SHELL_STATE_RESTORING)
        mig_shell_set_state (data->shell, migration, MIG_SHELL_STATE_FAILED, message);
    }
  call_data_free (data);
}

typedef struct
{
  GWeakRef shell;
  char *id;
} ChildData;

static void
child_data_free (gpointer user_data)
{
  ChildData *data = user_data;

  g_weak_ref_clear (&data->shell);
  g_free (data->id);
  g_free (data);
}

/* Launched applications are reaped whenever they end; one that ends while
 * it should be restoring fails its migration at once. */
static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer user_data)
{
  ChildData *data = user_data;
  g_autoptr(MigShell) shell = g_weak_ref_get (&data->shell);
  MigShellMigration *migration = shell != NULL ? mig_shell_lookup (shell, data->id) : NULL;

  if (migration != NULL && migration->state == MIG_SHELL_STATE_RESTORING)
    mig_shell_set_state (shell, migration, MIG_SHELL_STATE_FAILED,
                         _("The application quit while it was restoring"));
  g_spawn_close_pid (pid);
}

static void
launched_cb (GDesktopAppInfo *info,
             GPid             pid,
             gpointer         user_data)
{
  *(GPid *) user_data = pid;
}

char *
mig_shell_object_path_for_app_id (const char *app_id)
{
  GString *path = g_string_new ("/");

  for (const char *p = app_id; *p != '\0'; p++)
    g_string_append_c (path, *p == '.' ? '/' : *p == '-' ? '_' : *p);
  return g_string_free (path, FALSE);
}

/* Hands the tree to its application: the running instance opens it (the
 * quick way), else the application is launched with it. */
gboolean
mig_shell_launch (MigShell           *self,
                  MigShellMigration  *migration,
                  GError            **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) owner = NULL;
  g_autofree char *uri = g_filename_to_uri (migration->path, NULL, NULL);
  g_autofree char *desktop_id = NULL;
  g_autoptr(GDesktopAppInfo) info = NULL;
  g_autoptr(GList) uris = NULL;
  GPid pid = 0;
  CallData *data;

  bus = self->connection != NULL ? g_object_ref (self->connection) : g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus != NULL)
    owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "GetNameOwner",
                                         g_variant_new ("(s)", migration->app_id), G_VARIANT_TYPE ("(s)"),
                                         G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (owner != NULL)
    {
      g_autofree char *path = mig_shell_object_path_for_app_id (migration->app_id);
      const char *uris_array[] = { uri, NULL };

      g_debug ("Handing %s to the running %s", migration->id, migration->app_id);
      data = g_new0 (CallData, 1);
      data->shell = g_object_ref (self);
      data->id = g_strdup (migration->id);
      g_dbus_connection_call (bus, migration->app_id, path, "org.freedesktop.Application", "Open",
                              g_variant_new ("(^asa{sv})", uris_array, NULL),
                              NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, open_done_cb, data);
      return TRUE;
    }

  desktop_id = g_strconcat (migration->app_id, ".desktop", NULL);
  info = g_desktop_app_info_new (desktop_id);
  if (info == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_APP_NOT_INSTALLED, _("%s is not installed here"),
                   migration->app_id);
      return FALSE;
    }

  g_debug ("Launching %s for %s", migration->app_id, migration->id);
  uris = g_list_append (NULL, uri);
  if (!g_desktop_app_info_launch_uris_as_manager (info, uris, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                                  NULL, NULL, launched_cb, &pid, error))
    return FALSE;

  if (pid > 0)
    {
      ChildData *child = g_new0 (ChildData, 1);

      g_weak_ref_init (&child->shell, self);
      child->id = g_strdup (migration->id);
      g_child_watch_add_full (G_PRIORITY_DEFAULT, pid, child_exited_cb, child, child_data_free);
    }
  return TRUE;
}
