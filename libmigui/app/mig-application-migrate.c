/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mig-application-private.h"
#include "mig-form-tree-private.h"
#include "mig-identity-private.h"
#include "mig-migration-private.h"
#include "mig-paths-private.h"
#include "mig-peer-client-private.h"
#include "mig-window-private.h"

/*
 * The sending side of a migration, for MigApplication.  The windows freeze
 * with a "Sending to …" dialog; the tree is offered and uploaded; once the
 * target reports the application restored, the decision is written to
 * `$XDG_STATE_HOME/migui/<app-id>/outgoing/<id>` before anything else, then
 * the windows close (move) or thaw (clone), and the commit is sent, and
 * retried.  A decision whose commit never got through is sent again the
 * next time the application starts.  Any failure before "restored" leaves
 * the windows as they were and says why.
 */

typedef struct
{
  MigPeer *peer;
  MigMigrateFlags flags;
  MigMigration *migration;
  GCancellable *cancellable;   /* the caller's and the dialog's Cancel */
  gulong cancelled_id;
  GCancellable *caller_cancellable;
  GPtrArray *windows;
  char *journal;               /* outgoing/<id>: the offer, then the decision */
  gboolean decided;            /* the decision to commit is on disk */
  GError *journal_error;       /* the offer could not be recorded */
  GPtrArray *channels;         /* frozen for a move */
  gint64 started;
  gint64 restored;
} MigrateData;

static void
migrate_data_free (MigrateData *data)
{
  g_clear_pointer (&data->channels, g_ptr_array_unref);
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->peer);
  g_clear_object (&data->migration);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->windows, g_ptr_array_unref);
  g_free (data->journal);
  g_clear_error (&data->journal_error);
  g_free (data);
}

static char *
outgoing_dir (MigApplication *self)
{
  g_autofree char *dir =
      mig_app_state_dir (g_application_get_application_id (G_APPLICATION (self)));

  return g_build_filename (dir, "outgoing", NULL);
}

/*
 * The journal of a migration, outgoing/<id>: written durably when the
 * target accepts the offer, with the group "offer", and again with the
 * group "commit" once the decision is taken, before the windows go.  At
 * the next start, a "commit" is sent again and an "offer" is aborted
 * (presumed abort): a sender that died mid-migration never leaves the
 * application restored and waiting on the target while it comes back here
 * from its recovery checkpoint.
 */
static gboolean
write_journal (MigApplication  *self,
               MigrateData     *data,
               const char      *group,
               GError         **error)
{
  g_autofree char *dir = outgoing_dir (self);
  g_autoptr(GKeyFile) journal = g_key_file_new ();
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not make the folder %s: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  g_key_file_set_string (journal, group, "migration", mig_migration_get_id (data->migration));
  g_key_file_set_string (journal, group, "peer-id", mig_peer_get_id (data->peer));
  g_key_file_set_string (journal, group, "peer-name", mig_peer_describe (data->peer));
  g_key_file_set_string (journal, group, "address", mig_peer_get_address (data->peer));
  g_key_file_set_integer (journal, group, "port", mig_peer_get_port (data->peer));
  if (mig_peer_get_fingerprint (data->peer) != NULL)
    g_key_file_set_string (journal, group, "fingerprint", mig_peer_get_fingerprint (data->peer));
  text = g_key_file_to_data (journal, NULL, NULL);
  path = g_build_filename (dir, mig_migration_get_id (data->migration), NULL);
  /* Consistent: a write that fails (a full or read-only disk) leaves the
   * file as it was, or none. */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600,
                                 error))
    return FALSE;
  g_free (data->journal);
  data->journal = g_steal_pointer (&path);
  return TRUE;
}

static void
remove_journal (MigrateData *data)
{
  if (data->journal != NULL)
    g_unlink (data->journal);
  g_clear_pointer (&data->journal, g_free);
}

/* The target accepted the offer: record it before the tree goes, or stop
 * here if it cannot be recorded (the target is then told to abort). */
static void
offered_cb (MigMigration *migration,
            GTask        *task)
{
  MigrateData *data = g_task_get_task_data (task);
  MigApplication *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  g_assert (MIG_IS_MIGRATION (migration));
  g_assert (G_IS_TASK (task));

  if (!write_journal (self, data, "offer", &error))
    {
      g_warning ("Could not record the migration to %s: %s", mig_peer_describe (data->peer),
                 error->message);
      data->journal_error =
          g_error_new (MIG_ERROR, MIG_ERROR_FAILED,
                       _("This device could not record the migration: %s"), error->message);
      g_cancellable_cancel (data->cancellable);
    }
}

static void
thaw (MigrateData *data)
{
  for (guint i = 0; i < data->windows->len; i++)
    mig_window_hide_sending (data->windows->pdata[i]);
}

static void
commit_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigApplication *self = g_task_get_source_object (task);
  MigrateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (mig_migration_commit_finish (MIG_MIGRATION (source), result, &error))
    remove_journal (data);
  else
    g_warning ("The commit of the migration to %s could not be delivered; it will be sent again "
               "when the application next starts: %s",
               mig_peer_describe (data->peer), error->message);

  g_debug ("Migration to %s: restored there after %.1f ms, committed after %.1f ms, %" G_GSIZE_FORMAT " bytes sent",
           mig_peer_describe (data->peer), (data->restored - data->started) / 1000.0,
           (g_get_monotonic_time () - data->started) / 1000.0, mig_migration_get_bytes_sent (data->migration));
  mig_application_get_private (self)->migrating = FALSE;
  g_task_return_boolean (task, TRUE);
  g_application_release (G_APPLICATION (self));
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigApplication *self = g_task_get_source_object (task);
  MigrateData *data = g_task_get_task_data (task);
  gboolean clone = (data->flags & MIG_MIGRATE_CLONE) != 0;
  g_autoptr(GError) error = NULL;

  g_assert (MIG_IS_MIGRATION (source));

  data->restored = g_get_monotonic_time ();
  g_signal_handlers_disconnect_by_func (data->migration, offered_cb, task);
  if (mig_migration_send_finish (data->migration, result, &error) &&
      write_journal (self, data, "commit", &error))
    data->decided = TRUE;
  if (data->journal_error != NULL)
    {
      g_clear_error (&error);
      error = g_error_copy (data->journal_error);
    }
  if (!data->decided)
    {
      gboolean user_cancelled = g_error_matches (error, MIG_ERROR, MIG_ERROR_CANCELLED);

      /* Nothing was decided: the target is told, and forgets it. */
      mig_migration_abort (data->migration);
      remove_journal (data);
      thaw (data);
      mig_application_channels_thaw (data->channels);
      for (guint i = 0; i < data->windows->len; i++)
        mig_window_emit_post_migrate (data->windows->pdata[i], MIG_RESTORE_REASON_CLONE);
      if (!user_cancelled && data->windows->len > 0)
        {
          g_autofree char *message =
              g_strdup_printf (_("Could not send to %s: %s"), mig_peer_describe (data->peer),
                               error->message);
          mig_window_show_message (data->windows->pdata[0], message);
        }
      mig_application_get_private (self)->migrating = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The decision is taken and on disk: from here the application belongs
   * to the target. */
  if (clone)
    {
      thaw (data);
      for (guint i = 0; i < data->windows->len; i++)
        mig_window_emit_post_migrate (data->windows->pdata[i], MIG_RESTORE_REASON_CLONE);
    }
  else
    {
      g_autoptr(GFile) recovery = mig_application_get_recovery_file (self);

      mig_application_set_recovery_enabled (self, FALSE);
      g_file_delete (recovery, NULL, NULL);
      mig_application_channels_release (self, data->channels);
      for (guint i = 0; i < data->windows->len; i++)
        {
          mig_window_hide_sending (data->windows->pdata[i]);
          gtk_window_destroy (data->windows->pdata[i]);
        }
    }

  mig_application_prepare_spares (self);
  /* The commit goes out even if the last window has just closed. */
  g_application_hold (G_APPLICATION (self));
  mig_migration_commit_async (data->migration, NULL, commit_done_cb, g_steal_pointer (&task));
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *internal)
{
  g_cancellable_cancel (internal);
}

/* The checkpoint, taken once the channels are frozen, goes out. */
static void
send_checkpoint (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  MigApplication *self = g_task_get_source_object (task);
  MigApplicationPrivate *priv = mig_application_get_private (self);
  MigrateData *data = g_task_get_task_data (task);
  MigPeer *peer = data->peer;
  gboolean clone = (data->flags & MIG_MIGRATE_CLONE) != 0;
  g_autoptr(MigIdentity) identity = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  identity = mig_identity_load_default (&error);
  tree = identity == NULL ? NULL :
         mig_application_checkpoint_full (self, clone ? MIG_RESTORE_REASON_CLONE : MIG_RESTORE_REASON_MIGRATE,
                                          TRUE, &error);
  if (tree == NULL)
    {
      mig_application_channels_thaw (data->channels);
      for (guint i = 0; i < data->windows->len; i++)
        mig_window_emit_post_migrate (data->windows->pdata[i], MIG_RESTORE_REASON_CLONE);
      priv->migrating = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  text = mig_form_tree_to_data (tree, &length);
  bytes = g_bytes_new_take (text, length);
  g_debug ("Checkpoint for %s taken in %.1f ms", mig_peer_describe (peer),
           (g_get_monotonic_time () - data->started) / 1000.0);

  for (guint i = 0; i < data->windows->len; i++)
    {
      if (i == 0)
        mig_window_show_sending (data->windows->pdata[i], mig_peer_describe (peer),
                                 data->cancellable);
      else
        mig_window_set_frozen (data->windows->pdata[i], TRUE);
    }

  g_debug ("Windows frozen after %.1f ms", (g_get_monotonic_time () - data->started) / 1000.0);
  data->migration = mig_migration_new (peer, identity, g_application_get_application_id (G_APPLICATION (self)),
                                       priv->app_version, clone);
  g_signal_connect (data->migration, "offered", G_CALLBACK (offered_cb), task);
  mig_migration_send_async (data->migration, bytes, data->cancellable, send_done_cb, g_steal_pointer (&task));
}

static void
channels_frozen_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  MigrateData *data = g_task_get_task_data (task);

  data->channels = mig_application_freeze_channels_finish (MIG_APPLICATION (source), result);
  send_checkpoint (task);
}

/**
 * mig_application_migrate_async:
 * @self: a `MigApplication`
 * @peer: the device to migrate to
 * @flags: move or clone
 * @cancellable: (nullable): a `GCancellable`
 * @callback: called when the migration has finished
 * @user_data: data for @callback
 *
 * Moves or copies the application to @peer, through its peer shell.
 *
 * The windows freeze and show "Sending to …" with a Cancel button; every
 * window gets [signal@Mig.Window::pre-migrate].  Once the target has
 * rebuilt the application, a move closes the windows here and a clone
 * thaws them; then the target is told to go live.  If anything fails
 * before the target has rebuilt the application (a refusal, a timeout, the
 * target application crashing, the network), the windows thaw as they
 * were, a message names the device and the reason, and the callback gets
 * the error.  Windows that keep running here get
 * [signal@Mig.Window::post-migrate] with %MIG_RESTORE_REASON_CLONE.
 */
void
mig_application_migrate_async (MigApplication      *self,
                               MigPeer             *peer,
                               MigMigrateFlags      flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  MigApplicationPrivate *priv;
  g_autoptr(GTask) task = NULL;
  g_autoptr(MigIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  MigrateData *data;
  gboolean clone = (flags & MIG_MIGRATE_CLONE) != 0;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (MIG_IS_PEER (peer));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  priv = mig_application_get_private (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mig_application_migrate_async);
  /* A cancelled migration reports MIG_ERROR_CANCELLED, like every other
   * outcome in the MIG_ERROR domain. */
  g_task_set_check_cancellable (task, FALSE);

  if (priv->migrating)
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_FAILED,
                               _("The application is already being sent to another device"));
      return;
    }

  identity = mig_identity_load_default (&error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Its windows already went (moved away, or closed) while it ends. */
  windows = mig_application_list_windows (self);
  if (windows->len == 0)
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_FAILED, _("The application has no window to send"));
      return;
    }

  data = g_new0 (MigrateData, 1);
  data->started = g_get_monotonic_time ();
  data->peer = g_object_ref (peer);
  data->flags = flags;
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->cancellable, NULL);
    }
  data->windows = g_steal_pointer (&windows);
  g_task_set_task_data (task, data, (GDestroyNotify) migrate_data_free);

  for (guint i = 0; i < data->windows->len; i++)
    mig_window_emit_pre_migrate (data->windows->pdata[i], peer);

  /* A move takes the channels along: they freeze first, so that the
   * checkpoint has everything their peers sent. */
  priv->migrating = TRUE;
  if (!clone)
    mig_application_freeze_channels_async (self, mig_peer_get_address (peer), channels_frozen_cb,
                                           g_steal_pointer (&task));
  else
    send_checkpoint (g_steal_pointer (&task));
}

/**
 * mig_application_migrate_finish:
 * @self: a `MigApplication`
 * @result: the result given to the callback
 * @error: return location for a `GError`
 *
 * Finishes [method@Mig.Application.migrate_async].
 *
 * Returns: %TRUE if the application now lives on the target (after a move,
 *   its windows here are gone); %FALSE with @error set if it goes on here
 */
gboolean
mig_application_migrate_finish (MigApplication  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (MIG_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_application_migrate_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Figures of a finished migration, for org.migui.Application1.Migrate:
 * from the call to restored on the target, and the bytes sent. */
void
mig_application_migrate_get_figures (GAsyncResult *result,
                                     double       *restored_ms,
                                     guint64      *bytes_sent)
{
  MigrateData *data = g_task_get_task_data (G_TASK (result));

  g_assert (g_task_get_source_tag (G_TASK (result)) == mig_application_migrate_async);
  *restored_ms = (data->restored - data->started) / 1000.0;
  *bytes_sent = mig_migration_get_bytes_sent (data->migration);
}

static void
migrate_action_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mig_application_migrate_finish (MIG_APPLICATION (source), result, &error))
    g_message ("The application stays here: %s", error->message);
}

/* What app.migrate-to and app.clone-to wait for a peer with. */
typedef struct
{
  MigApplication *app;
  gboolean clone;
} ActionFind;

static void
action_peer_found_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autofree ActionFind *find = user_data;
  g_autoptr(MigApplication) self = find->app;
  gboolean clone = find->clone;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);

  if (peer == NULL)
    {
      g_autoptr(GPtrArray) windows = mig_application_list_windows (self);

      if (windows->len > 0)
        mig_window_show_message (windows->pdata[0], error->message);
      else
        g_message ("%s", error->message);
      return;
    }
  mig_application_migrate_async (self, peer, clone ? MIG_MIGRATE_CLONE : MIG_MIGRATE_MOVE, NULL,
                                 migrate_action_done_cb, NULL);
}

static void
migrate_to_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  MigApplication *self = MIG_APPLICATION (user_data);
  ActionFind *find = g_new0 (ActionFind, 1);

  find->app = g_object_ref (self);
  find->clone = strcmp (g_action_get_name (G_ACTION (action)), "clone-to") == 0;
  mig_peer_browser_find_async (mig_application_get_private (self)->peers,
                               g_variant_get_string (parameter, NULL), NULL, action_peer_found_cb, find);
}

static void
pending_commit_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree char *journal = user_data;
  g_autoptr(GError) error = NULL;

  if (mig_migration_commit_finish (MIG_MIGRATION (source), result, &error))
    g_unlink (journal);
  else
    g_message ("A pending commit could not be delivered yet: %s", error->message);
}

/* Sends again the commits that an earlier run decided but could not
 * deliver. */
static void
resend_pending_commits (MigApplication *self)
{
  g_autofree char *dir = outgoing_dir (self);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(MigIdentity) identity = NULL;
  const char *name;

  if (folder == NULL || (identity = mig_identity_load_default (NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GKeyFile) journal = g_key_file_new ();
      g_autofree char *id = NULL, *peer_id = NULL, *peer_name_text = NULL, *address = NULL, *fingerprint = NULL;
      g_autoptr(MigPeer) peer = NULL;
      g_autoptr(MigMigration) migration = NULL;
      int port;

      const char *group;

      if (!g_key_file_load_from_file (journal, path, G_KEY_FILE_NONE, NULL))
        continue;
      group = g_key_file_has_group (journal, "commit") ? "commit" : "offer";
      if ((id = g_key_file_get_string (journal, group, "migration", NULL)) == NULL ||
          (address = g_key_file_get_string (journal, group, "address", NULL)) == NULL ||
          (port = g_key_file_get_integer (journal, group, "port", NULL)) <= 0 || port > G_MAXUINT16)
        continue;
      peer_id = g_key_file_get_string (journal, group, "peer-id", NULL);
      peer_name_text = g_key_file_get_string (journal, group, "peer-name", NULL);
      fingerprint = g_key_file_get_string (journal, group, "fingerprint", NULL);
      peer = g_object_new (MIG_TYPE_PEER, "id", peer_id, "name", peer_name_text, "address", address,
                           "port", port, "fingerprint", fingerprint, NULL);
      migration = mig_migration_new_for_commit (peer, identity, id);
      if (strcmp (group, "commit") == 0)
        {
          mig_migration_commit_async (migration, NULL, pending_commit_done_cb,
                                      g_steal_pointer (&path));
          continue;
        }
      /* Offered, never decided: this device died mid-migration and goes on
       * here from its recovery checkpoint. */
      g_message ("Aborting migration %s to %s, which this device did not finish", id,
                 peer_name_text);
      mig_migration_abort (migration);
      g_unlink (path);
    }
}

/*
 * Spare windows.  Building a window is most of what a warm arrival costs
 * (a GtkBuilder template, its widgets, their styles).  An application that
 * takes part in migrations keeps one window of each registered type built
 * and realized but not shown, made when the main loop is idle, and a
 * restore takes it instead of building one.
 */
static gboolean
build_spares_cb (gpointer user_data)
{
  MigApplication *self = MIG_APPLICATION (user_data);
  MigApplicationPrivate *priv = mig_application_get_private (self);
  GHashTableIter iter;
  gpointer type;

  g_hash_table_iter_init (&iter, priv->window_types);
  while (g_hash_table_iter_next (&iter, NULL, &type))
    if (!g_hash_table_contains (priv->spares, type))
      {
        GtkWidget *window = g_object_ref_sink (g_object_new (GPOINTER_TO_SIZE (type), NULL));

        gtk_widget_realize (window);
        g_hash_table_insert (priv->spares, type, window);
        /* One window per idle turn, so that input is not held up. */
        return G_SOURCE_CONTINUE;
      }
  priv->spares_source = 0;
  return G_SOURCE_REMOVE;
}

void
mig_application_prepare_spares (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  if (priv->spares_source == 0 && gdk_display_get_default () != NULL)
    priv->spares_source = g_idle_add_full (G_PRIORITY_LOW, build_spares_cb, self, NULL);
}

MigWindow *
mig_application_take_window (MigApplication *self,
                             GType           type)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  MigWindow *window = NULL;

  if (priv->spares != NULL &&
      g_hash_table_steal_extended (priv->spares, GSIZE_TO_POINTER (type), NULL, (gpointer *) &window))
    {
      gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
      return window;
    }
  return g_object_ref_sink (g_object_new (type, "application", self, NULL));
}

static void
spare_free (gpointer data)
{
  gtk_window_destroy (data);
  g_object_unref (data);
}

void
mig_application_migrate_shutdown (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  g_clear_handle_id (&priv->spares_source, g_source_remove);
  g_clear_pointer (&priv->spares, g_hash_table_unref);
}

void
mig_application_migrate_startup (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  static const GActionEntry entries[] = {
    { "migrate-to", migrate_to_activated, "s" },
    { "clone-to", migrate_to_activated, "s" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  mig_peer_browser_start (priv->peers);
  resend_pending_commits (self);
  priv->spares = g_hash_table_new_full (NULL, NULL, NULL, spare_free);
  /* Started to wait for arrivals (D-Bus activation, or as a warm instance). */
  if (g_application_get_flags (G_APPLICATION (self)) & G_APPLICATION_IS_SERVICE)
    mig_application_prepare_spares (self);
}
