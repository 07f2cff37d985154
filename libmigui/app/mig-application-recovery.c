/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-application-private.h"
#include "mig-paths-private.h"
#include "mig-form-tree-private.h"

/*
 * Crash recovery.  While the application runs, a timer takes a checkpoint
 * every recovery-interval seconds and, when it differs from the last one
 * written, replaces recovery.migui atomically (write to a temporary file,
 * then rename).  A clean shutdown removes the file, so finding it at
 * startup means the last run crashed.  It is renamed to
 * recovery.migui.restoring while it is restored: if restoring it crashes
 * too, the next start finds only that and drops it instead of looping.
 * Once restored, it is the recovery checkpoint again.
 */

static GFile *
recovery_dir (MigApplication *self)
{
  const char *app_id = g_application_get_application_id (G_APPLICATION (self));

  g_autofree char *path = mig_app_state_dir (app_id);

  return g_file_new_for_path (path);
}

/**
 * mig_application_get_recovery_file:
 * @self: a `MigApplication`
 *
 * Gets the file where the crash-recovery checkpoint is kept.
 *
 * Returns: (transfer full): the recovery file
 */
GFile *
mig_application_get_recovery_file (MigApplication *self)
{
  g_autoptr(GFile) dir = NULL;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_application_get_application_id (G_APPLICATION (self)) != NULL, NULL);

  dir = recovery_dir (self);
  return g_file_get_child (dir, "recovery.migui");
}

static GFile *
restoring_file (MigApplication *self)
{
  g_autoptr(GFile) dir = recovery_dir (self);

  return g_file_get_child (dir, "recovery.migui.restoring");
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MigApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      MigApplicationPrivate *priv = mig_application_get_private (self);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not write the recovery checkpoint: %s", error->message);
      /* Make the next tick try again. */
      g_clear_pointer (&priv->recovery_checksum, g_free);
      return;
    }

  g_debug ("Recovery checkpoint written");
}

static gboolean
recovery_tick (gpointer user_data)
{
  MigApplication *self = user_data;
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *checksum = NULL;
  char *data;
  gsize length;

  if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
    return G_SOURCE_CONTINUE;

  /* Without a timestamp, an unchanged application gives the same bytes. */
  tree = mig_application_checkpoint_full (self, MIG_RESTORE_REASON_RECOVER, FALSE, &error);
  if (tree == NULL)
    {
      g_warning ("Could not take a recovery checkpoint: %s", error->message);
      return G_SOURCE_CONTINUE;
    }

  data = mig_form_tree_to_data (tree, &length);
  bytes = g_bytes_new_take (data, length);
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (checksum, priv->recovery_checksum) == 0)
    return G_SOURCE_CONTINUE;

  g_free (priv->recovery_checksum);
  priv->recovery_checksum = g_steal_pointer (&checksum);

  dir = recovery_dir (self);
  if (!g_file_make_directory_with_parents (dir, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_warning ("Could not create %s: %s", g_file_peek_path (dir), error->message);
      return G_SOURCE_CONTINUE;
    }

  g_cancellable_cancel (priv->recovery_cancellable);
  g_clear_object (&priv->recovery_cancellable);
  priv->recovery_cancellable = g_cancellable_new ();

  file = mig_application_get_recovery_file (self);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       priv->recovery_cancellable, on_written, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

void
mig_application_recovery_reschedule (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  g_clear_handle_id (&priv->recovery_source, g_source_remove);
  if (!priv->recovery_enabled ||
      !g_application_get_is_registered (G_APPLICATION (self)) ||
      g_application_get_application_id (G_APPLICATION (self)) == NULL)
    return;

  priv->recovery_source = g_timeout_add_seconds (priv->recovery_interval, recovery_tick, self);
  g_source_set_name_by_id (priv->recovery_source, "[migui] recovery checkpoint");
}

static void
delete_quietly (GFile *file)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_delete (file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not remove %s: %s", g_file_peek_path (file), error->message);
}

static guint
default_interval (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* The schema may not be installed (an uninstalled build): keep the default. */
  if (source == NULL || (schema = g_settings_schema_source_lookup (source, "org.migui", TRUE)) == NULL)
    return 0;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_uint (settings, "recovery-interval");
}

void
mig_application_recovery_startup (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) restoring = NULL;
  g_autoptr(GError) error = NULL;
  guint interval;

  if (g_application_get_application_id (G_APPLICATION (self)) == NULL)
    return;

  interval = default_interval ();
  if (interval > 0 && priv->recovery_interval == 2)
    priv->recovery_interval = interval;

  restoring = restoring_file (self);
  if (g_file_query_exists (restoring, NULL))
    {
      g_warning ("The last recovery of this application crashed; its checkpoint is dropped");
      delete_quietly (restoring);
    }

  file = mig_application_get_recovery_file (self);
  if (priv->recovery_enabled && g_file_query_exists (file, NULL))
    {
      priv->pending_recovery = mig_form_tree_new_from_file (file, &error);
      if (priv->pending_recovery == NULL)
        {
          g_warning ("Dropping an unreadable recovery checkpoint: %s", error->message);
          delete_quietly (file);
        }
      else if (!g_file_move (file, restoring, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        {
          g_warning ("Could not set the recovery checkpoint aside: %s", error->message);
        }
    }

  mig_application_recovery_reschedule (self);
}

gboolean
mig_application_recovery_activate (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_autoptr(MigFormTree) tree = g_steal_pointer (&priv->pending_recovery);
  g_autoptr(GFile) restoring = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean restored;

  if (tree == NULL)
    return FALSE;

  restored = mig_application_restore (self, tree, MIG_RESTORE_REASON_RECOVER, &error);
  restoring = restoring_file (self);
  if (!restored)
    {
      g_warning ("Could not recover the last session: %s", error->message);
      delete_quietly (restoring);
      return FALSE;
    }

  /* What was just restored stays the recovery checkpoint until the timer
   * writes the next: a crash right after recovering loses nothing. */
  file = mig_application_get_recovery_file (self);
  if (!g_file_move (restoring, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_warning ("Could not keep the recovered checkpoint: %s", error->message);
      delete_quietly (restoring);
    }
  return TRUE;
}

void
mig_application_recovery_shutdown (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_autoptr(GFile) file = NULL;

  g_clear_handle_id (&priv->recovery_source, g_source_remove);
  g_cancellable_cancel (priv->recovery_cancellable);
  g_clear_object (&priv->pending_recovery);

  if (g_application_get_application_id (G_APPLICATION (self)) == NULL)
    return;

  file = mig_application_get_recovery_file (self);
  delete_quietly (file);
}

/**
 * mig_application_get_recovery_enabled:
 * @self: a `MigApplication`
 *
 * Gets whether crash recovery is on.
 *
 * Returns: %TRUE if the application keeps a recovery checkpoint
 */
gboolean
mig_application_get_recovery_enabled (MigApplication *self)
{
  g_return_val_if_fail (MIG_IS_APPLICATION (self), FALSE);
  return mig_application_get_private (self)->recovery_enabled;
}

/**
 * mig_application_set_recovery_enabled:
 * @self: a `MigApplication`
 * @enabled: whether to keep a recovery checkpoint
 *
 * Turns crash recovery on or off.  Set it before the application starts
 * to also skip restoring a checkpoint left by a crash.
 */
void
mig_application_set_recovery_enabled (MigApplication *self,
                                      gboolean        enabled)
{
  MigApplicationPrivate *priv;

  g_return_if_fail (MIG_IS_APPLICATION (self));

  priv = mig_application_get_private (self);
  enabled = !!enabled;
  if (priv->recovery_enabled == enabled)
    return;

  priv->recovery_enabled = enabled;
  mig_application_recovery_reschedule (self);
  g_object_notify (G_OBJECT (self), "recovery-enabled");
}

/**
 * mig_application_get_recovery_interval:
 * @self: a `MigApplication`
 *
 * Gets how often the recovery checkpoint is refreshed.
 *
 * Returns: the interval in seconds
 */
guint
mig_application_get_recovery_interval (MigApplication *self)
{
  g_return_val_if_fail (MIG_IS_APPLICATION (self), 0);
  return mig_application_get_private (self)->recovery_interval;
}

/**
 * mig_application_set_recovery_interval:
 * @self: a `MigApplication`
 * @seconds: the interval, from 1 to 3600
 *
 * Sets how often the recovery checkpoint is refreshed: at most this many
 * seconds of input are lost in a crash.
 */
void
mig_application_set_recovery_interval (MigApplication *self,
                                       guint           seconds)
{
  MigApplicationPrivate *priv;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (seconds >= 1 && seconds <= 3600);

  priv = mig_application_get_private (self);
  if (priv->recovery_interval == seconds)
    return;

  priv->recovery_interval = seconds;
  mig_application_recovery_reschedule (self);
  g_object_notify (G_OBJECT (self), "recovery-interval");
}
