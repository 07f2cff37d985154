/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-dbus-names-private.h"
#include "mig-application-private.h"
#include "mig-paths-private.h"
#include "mig-identity-private.h"
#include "mig-window-private.h"

/*
 * The receiving side of a migration, for MigApplication.  The peer shell
 * writes the tree to `$XDG_RUNTIME_DIR/migui/incoming/<id>.migui` and has
 * the application open it.  The application tells the shell it is
 * arriving (and gets the briefing), restores the windows inert, reports
 * `Restored`, and waits for the shell's `MigrationChanged`: committed makes
 * the windows live, aborted or failed closes them.  If the sender takes
 * long to decide, the user may take the application over.
 */


/* Seconds after "restored" before the user is offered to take over. */
#define WAIT_BEFORE_ASKING 5

typedef struct
{
  MigApplication *app;
  char *id;
  char *source_name;
  GPtrArray *windows;
  GPtrArray *channels;   /* held until the commit */
  guint waiting_id;
} MigIncoming;

static void
incoming_free (gpointer data)
{
  MigIncoming *incoming = data;

  g_clear_handle_id (&incoming->waiting_id, g_source_remove);
  g_free (incoming->id);
  g_free (incoming->source_name);
  g_ptr_array_unref (incoming->windows);
  g_clear_pointer (&incoming->channels, g_ptr_array_unref);
  g_free (incoming);
}

gboolean
mig_application_is_incoming_file (GFile *file)
{
  g_autofree char *dir = mig_incoming_dir ();
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *id = NULL;

  if (parent == NULL || basename == NULL || !g_str_has_suffix (basename, ".migui") ||
      g_strcmp0 (g_file_peek_path (parent), dir) != 0)
    return FALSE;
  id = g_strndup (basename, strlen (basename) - strlen (".migui"));
  return g_uuid_string_is_valid (id);
}

static void
go_live (MigIncoming *incoming)
{
  mig_application_channels_go_live (incoming->channels);
  g_clear_pointer (&incoming->channels, g_ptr_array_unref);
  for (guint i = 0; i < incoming->windows->len; i++)
    {
      mig_window_hide_waiting (incoming->windows->pdata[i]);
      mig_window_set_arriving (incoming->windows->pdata[i], FALSE);
    }
}

static void
drop (MigIncoming *incoming)
{
  mig_application_channels_drop (incoming->app, incoming->channels);
  g_clear_pointer (&incoming->channels, g_ptr_array_unref);
  for (guint i = 0; i < incoming->windows->len; i++)
    {
      mig_window_hide_waiting (incoming->windows->pdata[i]);
      gtk_window_destroy (incoming->windows->pdata[i]);
    }
}

static MigIncoming *
find_by_window (MigApplication *self,
                MigWindow      *window)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  GHashTableIter iter;
  MigIncoming *incoming;

  g_hash_table_iter_init (&iter, priv->incoming);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &incoming))
    for (guint i = 0; i < incoming->windows->len; i++)
      if (incoming->windows->pdata[i] == window)
        return incoming;
  return NULL;
}

static void
take_over (MigWindow *window)
{
  MigApplication *self = MIG_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  MigIncoming *incoming = self != NULL ? find_by_window (self, window) : NULL;

  if (incoming == NULL)
    return;
  g_message ("The user took the application over before %s released it", incoming->source_name);
  go_live (incoming);
  g_hash_table_remove (mig_application_get_private (self)->incoming, incoming->id);
}

static gboolean
ask_to_take_over_cb (gpointer user_data)
{
  MigIncoming *incoming = user_data;

  incoming->waiting_id = 0;
  if (incoming->windows->len > 0)
    mig_window_show_waiting (incoming->windows->pdata[0], incoming->source_name, take_over);
  return G_SOURCE_REMOVE;
}

static void
migration_changed_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  MigApplication *self = MIG_APPLICATION (user_data);
  MigApplicationPrivate *priv = mig_application_get_private (self);
  const char *id, *state, *message;
  MigIncoming *incoming;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sss)")))
    return;
  g_variant_get (parameters, "(&s&s&s)", &id, &state, &message);
  incoming = g_hash_table_lookup (priv->incoming, id);
  if (incoming == NULL)
    return;

  if (strcmp (state, "committed") == 0)
    {
      g_debug ("Migration %s committed: the application is live", id);
      go_live (incoming);
      g_hash_table_remove (priv->incoming, id);
    }
  else if (strcmp (state, "aborted") == 0 || strcmp (state, "failed") == 0)
    {
      g_debug ("Migration %s %s (%s): closing its windows", id, state, message);
      drop (incoming);
      g_hash_table_remove (priv->incoming, id);
    }
}

static void
restored_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_warning ("Could not tell the peer shell that the application arrived: %s", error->message);
}

static void
report_failed (GDBusConnection *bus,
               const char      *id,
               const char      *message)
{
  g_dbus_connection_call (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH, MIG_SHELL_INTERFACE,
                          "Failed", g_variant_new ("(ss)", id, message), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

/* Restores the tree that the peer shell put in @file, for the migration
 * the file is named after. */
void
mig_application_receive (MigApplication *self,
                         GFile          *file)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *id = g_strndup (basename, strlen (basename) - strlen (".migui"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) briefing = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *source_name, *mode;
  MigIncoming *incoming;
  gint64 start = g_get_monotonic_time (), arrived, parsed;
  gboolean restored;

  if (bus == NULL)
    {
      g_warning ("Cannot receive migration %s: the application is not on the session bus", id);
      return;
    }

  reply = g_dbus_connection_call_sync (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH,
                                       MIG_SHELL_INTERFACE, "Arriving", g_variant_new ("(s)", id),
                                       G_VARIANT_TYPE ("(a{ss}ss)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, &error);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      g_warning ("Migration %s is not known to the peer shell: %s", id, error->message);
      /* Nobody will ever finish it (its shell ended, or it never was):
       * the tree must not stay behind.  A shell that is only slow to
       * answer keeps its own file. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_file_delete (file, NULL, NULL);
      return;
    }
  g_variant_get (reply, "(@a{ss}&s&s)", &briefing, &source_name, &mode);
  g_clear_pointer (&priv->briefing, g_variant_unref);
  priv->briefing = g_steal_pointer (&briefing);

  if (priv->shell_signal_id == 0)
    priv->shell_signal_id =
        g_dbus_connection_signal_subscribe (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_INTERFACE,
                                            "MigrationChanged", MIG_SHELL_OBJECT_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE, migration_changed_cb, self,
                                            NULL);

  arrived = g_get_monotonic_time ();
  before = mig_application_list_windows (self);
  tree = mig_form_tree_new_from_file (file, &error);
  parsed = g_get_monotonic_time ();
  priv->restoring_incoming = TRUE;
  restored = tree != NULL &&
             mig_application_restore (self, tree, strcmp (mode, "clone") == 0 ? MIG_RESTORE_REASON_CLONE
                                                                             : MIG_RESTORE_REASON_MIGRATE, &error);
  priv->restoring_incoming = FALSE;
  if (!restored)
    {
      g_warning ("Could not restore the application from %s: %s", source_name, error->message);
      report_failed (bus, id, error->message);
      return;
    }

  incoming = g_new0 (MigIncoming, 1);
  incoming->app = self;
  incoming->id = g_strdup (id);
  incoming->source_name = g_strdup (source_name);
  incoming->windows = g_ptr_array_new_with_free_func (g_object_unref);
  incoming->channels = mig_application_take_arrived_channels (self);
  after = mig_application_list_windows (self);
  for (guint i = 0; i < after->len; i++)
    if (!g_ptr_array_find (before, after->pdata[i], NULL))
      {
        mig_window_set_arriving (after->pdata[i], TRUE);
        g_ptr_array_add (incoming->windows, g_object_ref (after->pdata[i]));
      }
  incoming->waiting_id = g_timeout_add_seconds (WAIT_BEFORE_ASKING, ask_to_take_over_cb, incoming);
  mig_application_prepare_spares (self);
  g_debug ("Migration %s received: shell %.1f ms, parse %.1f ms, restore %.1f ms", id,
           (arrived - start) / 1000.0, (parsed - arrived) / 1000.0, (g_get_monotonic_time () - parsed) / 1000.0);
  g_hash_table_replace (priv->incoming, incoming->id, incoming);

  g_dbus_connection_call (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH, MIG_SHELL_INTERFACE,
                          "Restored", g_variant_new ("(s)", id), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, restored_done_cb, NULL);
}

void
mig_application_incoming_init (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  priv->incoming = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, incoming_free);
}

void
mig_application_incoming_shutdown (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));

  if (priv->shell_signal_id != 0 && bus != NULL)
    g_dbus_connection_signal_unsubscribe (bus, priv->shell_signal_id);
  priv->shell_signal_id = 0;
  g_clear_pointer (&priv->incoming, g_hash_table_unref);
  g_clear_pointer (&priv->briefing, g_variant_unref);
}

/**
 * mig_application_get_briefing:
 * @self: a `MigApplication`
 *
 * Gets what the device that the application last arrived on said about
 * itself, as in the paper's briefing: `device-id`, `device-name`,
 * `real-name` (the local user's), `user-name`, `locale`, `time-zone`, and
 * whatever the peer shell's config adds.  Read it in
 * [signal@Mig.Window::post-migrate].  Before any arrival, this device's
 * own, as its peer shell would give it with the default config folder.
 *
 * Returns: (transfer none) (nullable): a dictionary of type `a{ss}`, or
 *   %NULL if the application has not arrived by migration and this
 *   device has no identity
 */
GVariant *
mig_application_get_briefing (MigApplication *self)
{
  MigApplicationPrivate *priv;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);

  priv = mig_application_get_private (self);
  if (priv->briefing == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MigIdentity) identity = mig_identity_load_default (&error);

      if (identity == NULL)
        {
          g_message ("This device has no briefing: %s", error->message);
          return NULL;
        }
      priv->briefing = mig_briefing_build (mig_identity_get_config_dir (identity),
                                           mig_identity_get_device_id (identity),
                                           mig_identity_get_name (identity));
    }
  return priv->briefing;
}

/**
 * mig_application_lookup_briefing:
 * @self: a `MigApplication`
 * @key: a briefing key, such as `real-name`
 *
 * Looks up one value of [method@Mig.Application.get_briefing].
 *
 * Returns: (nullable): the value, or %NULL
 */
const char *
mig_application_lookup_briefing (MigApplication *self,
                                 const char     *key)
{
  GVariant *briefing;
  const char *value = NULL;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  briefing = mig_application_get_briefing (self);
  if (briefing == NULL || !g_variant_lookup (briefing, key, "&s", &value))
    return NULL;
  return value;
}
