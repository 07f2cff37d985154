/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <gio/gdesktopappinfo.h>

#include "mig-dbus-names-private.h"
#include "mig-shell-pull-private.h"
#include "mig-shell-private.h"

/* The migratory applications running on this device's session bus: those
 * that own their application ID as a bus name, have a desktop file of that
 * ID, and answer org.migui.Application1.ListWindows.  Asked afresh each
 * time (an application may have come or gone), all at once, each with a
 * short timeout: one that hangs is left out, not waited for. */

#define LIST_WINDOWS_TIMEOUT_MS 2000

void
mig_running_app_free (MigRunningApp *app)
{
  g_free (app->id);
  g_free (app->name);
  g_free (app->icon);
  g_strfreev (app->titles);
  g_free (app);
}

typedef struct
{
  GPtrArray *apps;  /* MigRunningApp */
  guint pending;
} ListData;

static void
list_data_free (ListData *data)
{
  g_ptr_array_unref (data->apps);
  g_free (data);
}

static int
compare_apps (gconstpointer a,
              gconstpointer b)
{
  const MigRunningApp *app_a = *(MigRunningApp * const *) a;
  const MigRunningApp *app_b = *(MigRunningApp * const *) b;

  return g_strcmp0 (app_a->id, app_b->id);
}

static void
one_done (GTask *task)
{
  ListData *data = g_task_get_task_data (task);

  if (--data->pending > 0)
    return;
  g_ptr_array_sort (data->apps, compare_apps);
  g_task_return_pointer (task, g_ptr_array_ref (data->apps), (GDestroyNotify) g_ptr_array_unref);
}

/* One ListWindows call while it goes on. */
typedef struct
{
  GTask *task;         /* owned */
  MigRunningApp *app;  /* owned until listed */
} WindowsCall;

static void
windows_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WindowsCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  MigRunningApp *app = call->app;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_free (call);
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL)
    g_variant_get (reply, "(^as)", &app->titles);
  /* One whose windows went (moved away, or closed) is ending. */
  if (reply != NULL && app->titles[0] != NULL)
    {
      g_ptr_array_add (((ListData *) g_task_get_task_data (task))->apps, app);
    }
  else
    {
      g_debug ("%s is not a running migratory application: %s", app->id,
               error != NULL ? error->message : "it has no window");
      mig_running_app_free (app);
    }
  one_done (task);
}

static MigRunningApp *
running_app_new (const char *id)
{
  g_autofree char *desktop_id = NULL;
  g_autoptr(GDesktopAppInfo) info = NULL;
  MigRunningApp *app;
  GIcon *icon;

  if (!g_application_id_is_valid (id))
    return NULL;
  desktop_id = g_strconcat (id, ".desktop", NULL);
  if ((info = g_desktop_app_info_new (desktop_id)) == NULL)
    return NULL;
  app = g_new0 (MigRunningApp, 1);
  app->id = g_strdup (id);
  app->name = g_strdup (g_app_info_get_name (G_APP_INFO (info)));
  icon = g_app_info_get_icon (G_APP_INFO (info));
  if (G_IS_THEMED_ICON (icon))
    app->icon = g_strdup (g_themed_icon_get_names (G_THEMED_ICON (icon))[0]);
  return app;
}

static void
names_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GDBusConnection *connection = G_DBUS_CONNECTION (source);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **names = NULL;

  reply = g_dbus_connection_call_finish (connection, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_variant_get (reply, "(^a&s)", &names);
  data->pending = 1;
  for (guint i = 0; names[i] != NULL; i++)
    {
      MigRunningApp *app = names[i][0] != ':' ? running_app_new (names[i]) : NULL;
      g_autofree char *path = NULL;
      WindowsCall *call;

      if (app == NULL)
        continue;
      call = g_new0 (WindowsCall, 1);
      call->task = g_object_ref (task);
      call->app = app;
      path = mig_shell_object_path_for_app_id (app->id);
      data->pending++;
      g_dbus_connection_call (connection, app->id, path, MIG_APPLICATION_INTERFACE, "ListWindows", NULL,
                              G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, LIST_WINDOWS_TIMEOUT_MS,
                              g_task_get_cancellable (task), windows_listed_cb, call);
    }
  one_done (task);
}

void
mig_shell_list_running_async (MigShell            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, mig_shell_list_running_async);
  data->apps = g_ptr_array_new_with_free_func ((GDestroyNotify) mig_running_app_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  /* Not on a bus (a shell made in a test without one): nothing runs. */
  if (self->connection == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->apps), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  g_dbus_connection_call (self->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListNames", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable, names_listed_cb, g_steal_pointer (&task));
}

GPtrArray *
mig_shell_list_running_finish (MigShell      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
