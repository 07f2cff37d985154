/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-application-private.h"
#include "mig-device-id-private.h"
#include "mig-form-tree-private.h"
#include "mig-form-window.h"
#include "mig-form-tree-writer-private.h"
#include "mig-state-private.h"
#include "mig-versions-private.h"
#include "mig-window-private.h"

/**
 * MigApplication:
 *
 * A migratory application: it can checkpoint itself into a
 * [class@Mig.FormTree] and be rebuilt from one, here or on another device.
 *
 * Register each [class@Mig.Window] subtype the application uses with
 * [method@Mig.Application.register_window_type]: only registered types are
 * ever built from a tree.  Application-wide state (the "suitcase") goes
 * through [signal@Mig.Application::save-state] and
 * [signal@Mig.Application::restore-state].
 *
 * A `MigApplication` opens `.migui` files given to it (declare
 * `G_APPLICATION_HANDLES_OPEN` and the `application/x-migui-state` MIME type
 * in the desktop file), and protects the user's input against crashes: while
 * it runs it keeps a recovery checkpoint under
 * `$XDG_STATE_HOME/migui/<app-id>/`, written atomically every
 * [property@Mig.Application:recovery-interval] seconds when something
 * changed, removed on a clean quit, and restored on the next start after a
 * crash with %MIG_RESTORE_REASON_RECOVER.
 *
 * It adds the action `app.save-to(s path)`, which saves the application to
 * a file and is exported on D-Bus like every application action.
 */

G_DEFINE_TYPE_WITH_PRIVATE (MigApplication, mig_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_APP_VERSION,
  PROP_OLDEST_COMPATIBLE_VERSION,
  PROP_RECOVERY_ENABLED,
  PROP_RECOVERY_INTERVAL,
  PROP_PEERS,
  N_PROPS
};

enum {
  SAVE_STATE,
  RESTORE_STATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

MigApplicationPrivate *
mig_application_get_private (MigApplication *self)
{
  return mig_application_get_instance_private (self);
}

static void
mig_application_finalize (GObject *object)
{
  MigApplicationPrivate *priv = mig_application_get_instance_private (MIG_APPLICATION (object));

  mig_application_forms_finalize (MIG_APPLICATION (object));
  g_clear_pointer (&priv->window_types, g_hash_table_unref);
  g_clear_pointer (&priv->local_keys, g_hash_table_unref);
  g_clear_pointer (&priv->channels, g_hash_table_unref);
  g_clear_pointer (&priv->arrived_channels, g_ptr_array_unref);
  g_clear_object (&priv->peers);
  g_clear_object (&priv->pending_recovery);
  g_clear_pointer (&priv->incoming, g_hash_table_unref);
  g_clear_pointer (&priv->briefing, g_variant_unref);
  g_clear_object (&priv->recovery_cancellable);
  g_clear_object (&priv->dbus_migrate_cancellable);
  g_clear_handle_id (&priv->recovery_source, g_source_remove);
  g_free (priv->recovery_checksum);
  g_free (priv->app_version);
  g_free (priv->oldest_compatible_version);

  G_OBJECT_CLASS (mig_application_parent_class)->finalize (object);
}

static void
mig_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MigApplication *self = MIG_APPLICATION (object);
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_APP_VERSION:
      g_value_set_string (value, priv->app_version);
      break;
    case PROP_OLDEST_COMPATIBLE_VERSION:
      g_value_set_string (value, priv->oldest_compatible_version);
      break;
    case PROP_RECOVERY_ENABLED:
      g_value_set_boolean (value, priv->recovery_enabled);
      break;
    case PROP_RECOVERY_INTERVAL:
      g_value_set_uint (value, priv->recovery_interval);
      break;
    case PROP_PEERS:
      g_value_set_object (value, mig_application_get_peers (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MigApplication *self = MIG_APPLICATION (object);
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_APP_VERSION:
      g_free (priv->app_version);
      priv->app_version = g_value_dup_string (value);
      break;
    case PROP_OLDEST_COMPATIBLE_VERSION:
      g_free (priv->oldest_compatible_version);
      priv->oldest_compatible_version = g_value_dup_string (value);
      break;
    case PROP_RECOVERY_ENABLED:
      mig_application_set_recovery_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_RECOVERY_INTERVAL:
      mig_application_set_recovery_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
save_to_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  MigApplication *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (!mig_application_save_to_file (self, file, &error))
    g_warning ("Could not save to %s: %s", g_variant_get_string (parameter, NULL), error->message);
}

static void
mig_application_startup (GApplication *application)
{
  MigApplication *self = MIG_APPLICATION (application);
  static const GActionEntry entries[] = {
    { "save-to", save_to_activated, "s" },
  };

  G_APPLICATION_CLASS (mig_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  mig_application_recovery_startup (self);
  mig_application_migrate_startup (self);
  mig_application_form_action_startup (self);
}

static void
mig_application_shutdown (GApplication *application)
{
  mig_application_forms_shutdown (MIG_APPLICATION (application));
  mig_application_recovery_shutdown (MIG_APPLICATION (application));
  mig_application_incoming_shutdown (MIG_APPLICATION (application));
  mig_application_migrate_shutdown (MIG_APPLICATION (application));

  G_APPLICATION_CLASS (mig_application_parent_class)->shutdown (application);
}

static gboolean
dbus_register (GApplication     *application,
               GDBusConnection  *connection,
               const char       *object_path,
               GError          **error)
{
  return G_APPLICATION_CLASS (mig_application_parent_class)->dbus_register (application, connection,
                                                                            object_path, error) &&
         mig_application_dbus_register (application, connection, object_path, error);
}

static void
dbus_unregister (GApplication    *application,
                 GDBusConnection *connection,
                 const char      *object_path)
{
  mig_application_dbus_unregister (application, connection, object_path);
  G_APPLICATION_CLASS (mig_application_parent_class)->dbus_unregister (application, connection, object_path);
}

/* Runs before the subclass's handler: a pending crash checkpoint replaces
 * the application's usual first window. */
static void
on_activate (GApplication *application,
             gpointer      user_data)
{
  if (mig_application_recovery_activate (MIG_APPLICATION (application)))
    g_signal_stop_emission_by_name (application, "activate");
}

gboolean
mig_application_is_migratory_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL && g_str_has_suffix (basename, ".migui");
}

/* Runs before the subclass's handler: `.migui` files resume the app; other
 * files are left to the application. */
static void
on_open (GApplication  *application,
         GFile        **files,
         int            n_files,
         const char    *hint,
         gpointer       user_data)
{
  MigApplication *self = MIG_APPLICATION (application);
  gboolean all_handled = TRUE;
  gboolean received = FALSE;

  /* Started to open something (a file, or an application arriving from
   * another device) after a crash: the crashed session comes back too,
   * rather than being set aside and lost. */
  mig_application_recovery_activate (self);

  for (int i = 0; i < n_files; i++)
    {
      g_autoptr(MigFormTree) tree = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;

      if (!mig_application_is_migratory_file (files[i]))
        {
          all_handled = FALSE;
          continue;
        }
      if (mig_application_is_incoming_file (files[i]))
        {
          mig_application_receive (self, files[i]);
          received = TRUE;
          continue;
        }

      tree = mig_form_tree_new_from_file (files[i], &error);
      if (tree != NULL && mig_application_restore (self, tree, MIG_RESTORE_REASON_FILE, &error))
        continue;

      name = g_file_get_parse_name (files[i]);
      g_warning ("Could not resume from %s: %s", name, error->message);
    }

  if (all_handled)
    {
      g_signal_stop_emission_by_name (application, "open");
      /* Nothing could be resumed: show the application as a plain start;
       * but an application that failed to arrive just goes away. */
      if (!received && gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
        g_application_activate (application);
    }
}

static void
mig_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (mig_application_parent_class)->constructed (object);

  g_signal_connect (object, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (object, "open", G_CALLBACK (on_open), NULL);
}

static void
mig_application_class_init (MigApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  object_class->constructed = mig_application_constructed;
  object_class->finalize = mig_application_finalize;
  object_class->get_property = mig_application_get_property;
  object_class->set_property = mig_application_set_property;
  app_class->startup = mig_application_startup;
  app_class->dbus_register = dbus_register;
  app_class->dbus_unregister = dbus_unregister;
  app_class->shutdown = mig_application_shutdown;

  /**
   * MigApplication:app-version:
   *
   * The version of the application, recorded in form trees.
   */
  properties[PROP_APP_VERSION] =
    g_param_spec_string ("app-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * MigApplication:oldest-compatible-version:
   *
   * The oldest application version whose form trees this version can
   * restore.  Trees from older versions are refused with
   * %MIG_ERROR_VERSION_MISMATCH.  %NULL accepts every version.
   */
  properties[PROP_OLDEST_COMPATIBLE_VERSION] =
    g_param_spec_string ("oldest-compatible-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * MigApplication:recovery-enabled:
   *
   * Whether the application keeps a crash-recovery checkpoint and restores
   * it on the next start after a crash.
   */
  properties[PROP_RECOVERY_ENABLED] =
    g_param_spec_boolean ("recovery-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigApplication:recovery-interval:
   *
   * How often, in seconds, the recovery checkpoint is refreshed when
   * something changed: the most input a crash can lose.  The default
   * comes from the `recovery-interval` key of the `org.migui` schema.
   */
  properties[PROP_RECOVERY_INTERVAL] =
    g_param_spec_uint ("recovery-interval", NULL, NULL, 1, 3600, 2,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigApplication:peers:
   *
   * The devices the application can go to, as
   * [method@Mig.Application.get_peers] gives them.
   */
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MigApplication::save-state:
   * @self: the application
   * @dict: a `GVariantDict` to add values to
   *
   * Emitted when a checkpoint is taken, before the windows are saved: put
   * application-wide state (the suitcase) in @dict.
   */
  signals[SAVE_STATE] =
    g_signal_new ("save-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigApplicationClass, save_state),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT_DICT);

  /**
   * MigApplication::restore-state:
   * @self: the application
   * @state: the `a{sv}` saved by [signal@Mig.Application::save-state]
   *
   * Emitted on restore once every window of the tree was built and its
   * widgets received their values, before any window's own
   * [signal@Mig.Window::restore-state].
   */
  signals[RESTORE_STATE] =
    g_signal_new ("restore-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigApplicationClass, restore_state),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);
}

static void
mig_application_init (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);

  priv->window_types = g_hash_table_new (g_str_hash, g_str_equal);
  priv->local_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->peers = mig_peer_browser_new ();
  mig_application_incoming_init (self);
  mig_application_forms_init (self);
  priv->recovery_enabled = TRUE;
  priv->recovery_interval = 2;
}

/**
 * mig_application_new:
 * @application_id: the application ID
 * @flags: the application flags
 *
 * Creates a new `MigApplication`.
 *
 * Returns: (transfer full): the new application
 */
MigApplication *
mig_application_new (const char        *application_id,
                     GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id == NULL || g_application_id_is_valid (application_id), NULL);

  return g_object_new (MIG_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       NULL);
}

/**
 * mig_application_keep_local:
 * @self: a `MigApplication`
 * @key: a key of the application's or its windows' saved state
 *
 * Marks @key as state that must never leave this device: it is left out
 * of the suitcase ([signal@Mig.Application::save-state]) and of every
 * window's [signal@Mig.Window::save-state] data in checkpoints that are
 * sent to another device or saved to a file, and kept only in the
 * crash-recovery checkpoint in this device's private state folder.  After
 * a migration the restored application finds no value for it.  Use it for
 * secrets and for what belongs to this device (a session token, a local
 * path); widgets are kept out with [func@Mig.widget_set_continuable].
 */
void
mig_application_keep_local (MigApplication *self,
                            const char     *key)
{
  MigApplicationPrivate *priv;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (key != NULL);

  priv = mig_application_get_instance_private (self);
  g_hash_table_add (priv->local_keys, g_strdup (key));
}

/**
 * mig_application_register_window_type:
 * @self: a `MigApplication`
 * @window_type: a `MigWindow` subtype
 *
 * Allows windows of @window_type to be built from form trees.  A tree that
 * names any other type is refused when it is read and again when it is
 * restored, so a tree can never instantiate an arbitrary type.
 */
void
mig_application_register_window_type (MigApplication *self,
                                      GType           window_type)
{
  MigApplicationPrivate *priv;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (g_type_is_a (window_type, MIG_TYPE_WINDOW));
  g_return_if_fail (!G_TYPE_IS_ABSTRACT (window_type));

  priv = mig_application_get_instance_private (self);
  g_hash_table_insert (priv->window_types, (gpointer) g_type_name (window_type),
                       GSIZE_TO_POINTER (window_type));
  mig_form_tree_allow_window_type (window_type);
}

static gboolean
is_registered (MigApplication *self,
               GType           type)
{
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);

  return g_hash_table_lookup (priv->window_types, g_type_name (type)) != NULL;
}

static int
compare_serials (gconstpointer a,
                 gconstpointer b)
{
  guint sa = mig_window_get_serial (*(MigWindow **) a);
  guint sb = mig_window_get_serial (*(MigWindow **) b);

  return (sa > sb) - (sa < sb);
}

/* The application's migratory windows, oldest first, so that a restore
 * recreates them in the order they were made. */
GPtrArray *
mig_application_list_windows (MigApplication *self)
{
  GPtrArray *windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MIG_IS_WINDOW (l->data))
      g_ptr_array_add (windows, g_object_ref (l->data));
  g_ptr_array_sort (windows, compare_serials);
  return windows;
}

static void
write_saved_state (MigFormTreeWriter *w,
                   const char     *key,
                   gpointer        instance,
                   gboolean        is_window,
                   GHashTable     *local_keys)
{
  /* A heap dict: signal marshalling refs the boxed value. */
  g_autoptr(GVariantDict) dict = g_variant_dict_new (NULL);
  g_autoptr(GVariant) state = NULL;

  if (is_window)
    mig_window_emit_save_state (instance, dict);
  else
    g_signal_emit (instance, signals[SAVE_STATE], 0, dict);

  if (local_keys != NULL)
    {
      GHashTableIter iter;
      const char *local;

      g_hash_table_iter_init (&iter, local_keys);
      while (g_hash_table_iter_next (&iter, (gpointer *) &local, NULL))
        g_variant_dict_remove (dict, local);
    }

  state = g_variant_ref_sink (g_variant_dict_end (dict));
  mig_form_tree_writer_state (w, key, state);
}

/* Starts a tree of this application, taken on this device now: the
 * returned profile (of this display, if any) lives as long as @writer. */
MigDeviceProfile *
mig_application_begin_tree (MigApplication    *self,
                            MigFormTreeWriter *writer,
                            MigFormTreeHeader *header,
                            MigRestoreReason   reason,
                            gboolean           timestamp)
{
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);
  MigDeviceProfile *profile = NULL;

  if (gdk_display_get_default () != NULL)
    profile = mig_device_profile_new_for_display (gdk_display_get_default ());
  header->app_id = g_application_get_application_id (G_APPLICATION (self));
  header->app_version = priv->app_version;
  header->reason = reason;
  header->device_id = mig_device_id_get ();
  header->device_name = g_get_host_name ();
  header->profile = profile;
  header->timestamp = timestamp;
  mig_form_tree_writer_init (writer, header);
  return profile;
}

/*
 * The checkpoint is written as JSON text in one pass; the tree parses it
 * only if it is inspected or restored in this process.  @timestamp FALSE
 * leaves "created" out, so that equal states give equal bytes.
 */
MigFormTree *
mig_application_checkpoint_full (MigApplication    *self,
                                 MigRestoreReason   reason,
                                 gboolean           timestamp,
                                 GError           **error)
{
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);
  g_autoptr(GPtrArray) windows = mig_application_list_windows (self);
  g_autoptr(GHashTable) type_counts = g_hash_table_new (NULL, NULL);
  g_autoptr(MigDeviceProfile) profile = NULL;
  MigFormTreeHeader header = { 0, };
  MigFormTreeWriter w;
  /* Only the crash-recovery checkpoint, which stays in this device's
   * private state folder, keeps what must never leave the device. */
  GHashTable *local_keys = reason == MIG_RESTORE_REASON_RECOVER ? NULL : priv->local_keys;

  profile = mig_application_begin_tree (self, &w, &header, reason, timestamp);
  write_saved_state (&w, "suitcase", self, FALSE, local_keys);
  if (reason == MIG_RESTORE_REASON_MIGRATE)
    {
      g_autoptr(GVariant) channels = mig_application_save_channels (self);

      g_autoptr(GVariant) shares = mig_application_save_form_shares (self);

      if (channels != NULL)
        mig_form_tree_writer_state (&w, "channels", channels);
      if (shares != NULL)
        mig_form_tree_writer_state (&w, "form-shares", shares);
    }

  mig_form_tree_writer_begin_windows (&w);
  for (guint i = 0; i < windows->len; i++)
    {
      MigWindow *window = windows->pdata[i];
      GType type = G_OBJECT_TYPE (window);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (type_counts, GSIZE_TO_POINTER (type)));
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (window));
      guint parent_index;

      /* A form sent here on its own belongs to its home, not to this
       * application's checkpoints. */
      if (MIG_IS_FORM_WINDOW (window))
        continue;
      if (!is_registered (self, type))
        {
          g_warning ("%s is not a registered window type: it is left out of the checkpoint",
                     G_OBJECT_TYPE_NAME (window));
          continue;
        }

      g_hash_table_insert (type_counts, GSIZE_TO_POINTER (type), GUINT_TO_POINTER (index + 1));
      mig_form_tree_writer_begin_window (&w, G_OBJECT_TYPE_NAME (window), index,
                                         parent != NULL &&
                                                 g_ptr_array_find (windows, parent,
                                                                   &parent_index) &&
                                                 parent_index < i ?
                                             (int) parent_index :
                                             -1);
      mig_window_capture (window, mig_form_tree_writer_get_json (&w),
                          mig_form_tree_writer_get_widget_count (&w));
      write_saved_state (&w, "state", window, TRUE, local_keys);
      mig_form_tree_writer_end_window (&w);
    }
  return mig_form_tree_writer_finish (&w, error);
}

/**
 * mig_application_checkpoint:
 * @self: a `MigApplication`
 *
 * Takes a checkpoint of the whole application: every registered window
 * with its geometry, focus, widget values, forms and
 * [signal@Mig.Window::save-state] data, plus the suitcase from
 * [signal@Mig.Application::save-state].  The application is not changed.
 *
 * Returns: (transfer full) (nullable): the form tree, or %NULL (with a
 *   warning) if the application exceeds the form-tree limits
 */
MigFormTree *
mig_application_checkpoint (MigApplication *self)
{
  g_autoptr(GError) error = NULL;
  MigFormTree *tree;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);

  tree = mig_application_checkpoint_full (self, MIG_RESTORE_REASON_FILE, TRUE, &error);
  if (tree == NULL)
    g_warning ("Could not take a checkpoint: %s", error->message);
  return tree;
}

static gboolean
check_compatible (MigApplication  *self,
                  MigFormTree     *tree,
                  GError         **error)
{
  MigApplicationPrivate *priv = mig_application_get_instance_private (self);
  const char *app_id = g_application_get_application_id (G_APPLICATION (self));
  const char *version = mig_form_tree_get_app_version (tree);

  if (g_strcmp0 (mig_form_tree_get_app_id (tree), app_id) != 0)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_APP_NOT_INSTALLED,
                   _("This checkpoint belongs to %s, not to %s"),
                   mig_form_tree_get_app_id (tree), app_id);
      return FALSE;
    }

  if (priv->oldest_compatible_version != NULL &&
      (version == NULL || mig_compare_versions (version, priv->oldest_compatible_version) < 0))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_VERSION_MISMATCH,
                   _("This checkpoint was made by version %s of the application, "
                     "which this version (%s) cannot continue; it needs %s or newer"),
                   version != NULL ? version : _("unknown"),
                   priv->app_version != NULL ? priv->app_version : _("unknown"),
                   priv->oldest_compatible_version);
      return FALSE;
    }

  for (guint i = 0; i < mig_form_tree_get_n_windows (tree); i++)
    {
      const char *type_name = mig_form_tree_get_window_type_name (tree, i);

      if (g_hash_table_lookup (priv->window_types, type_name) == NULL)
        {
          g_set_error (error, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE,
                       _("The checkpoint has a window of type %s, which this application "
                         "does not allow to be restored"), type_name);
          return FALSE;
        }
    }

  return TRUE;
}

static GVariant *
state_or_empty (GVariant *state)
{
  return state != NULL ? g_variant_ref (state)
                       : g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

/**
 * mig_application_restore:
 * @self: a `MigApplication`
 * @tree: a form tree of this application
 * @reason: why it is restored
 * @error: return location for a `GError`
 *
 * Rebuilds the windows of @tree next to any the application already has.
 *
 * The restore is atomic: new windows are built and receive their widget
 * values before anything is shown, and if any step fails they are
 * destroyed and the application is left as it was.  Then the suitcase is
 * given to [signal@Mig.Application::restore-state], each window gets
 * [signal@Mig.Window::restore-state], its size is fitted to this device's
 * screen, it is shown with its focus, [signal@Mig.Window::adapt] is emitted
 * if this device differs from the origin, and finally every new window gets
 * [signal@Mig.Window::post-migrate] with @reason.
 *
 * Returns: %TRUE if the application was restored
 */
gboolean
mig_application_restore (MigApplication    *self,
                         MigFormTree       *tree,
                         MigRestoreReason   reason,
                         GError           **error)
{
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GPtrArray) arrived = NULL;
  g_autoptr(GVariant) suitcase = NULL;
  g_autoptr(MigDeviceProfile) local = NULL;
  MigDeviceProfile *origin;
  guint n_windows;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (MIG_IS_FORM_TREE (tree), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_compatible (self, tree, error))
    return FALSE;

  /* Channels first: restore-state handlers look them up. */
  if (reason == MIG_RESTORE_REASON_MIGRATE && !mig_application_restore_channels (self, tree, error))
    return FALSE;
  arrived = mig_application_take_arrived_channels (self);

  n_windows = mig_form_tree_get_n_windows (tree);
  created = g_ptr_array_new_with_free_func (g_object_unref);
  g_application_hold (G_APPLICATION (self));

  for (guint i = 0; i < n_windows; i++)
    {
      JsonObject *saved = mig_form_tree_get_window (tree, i);
      GType type = g_type_from_name (json_object_get_string_member (saved, "type"));
      MigWindow *window = mig_application_take_window (self, type);

      g_ptr_array_add (created, window);
      if (!mig_window_restore_widgets (window, saved, error))
        {
          mig_application_channels_drop (self, arrived);
          for (guint j = 0; j < created->len; j++)
            gtk_window_destroy (created->pdata[j]);
          g_application_release (G_APPLICATION (self));
          return FALSE;
        }
    }

  suitcase = state_or_empty (mig_form_tree_get_suitcase (tree));
  g_signal_emit (self, signals[RESTORE_STATE], 0, suitcase);

  origin = mig_form_tree_get_origin_profile (tree);
  local = mig_device_profile_new_for_display (gdk_display_get_default ());

  for (guint i = 0; i < n_windows; i++)
    {
      MigWindow *window = created->pdata[i];
      JsonObject *saved = mig_form_tree_get_window (tree, i);
      g_autoptr(GVariant) state = state_or_empty (mig_form_tree_get_window_state (tree, i));
      gint64 parent = json_object_get_int_member_with_default (saved, "transient-for", -1);
      gboolean differs;

      mig_window_emit_restore_state (window, state);
      differs = mig_window_restore_geometry (window, saved, origin, local);
      if (parent >= 0 && parent < i)
        gtk_window_set_transient_for (GTK_WINDOW (window), created->pdata[parent]);
      gtk_window_present (GTK_WINDOW (window));
      mig_window_restore_focus (window, saved);
      if (differs)
        mig_window_emit_adapt (window, local);
    }

  for (guint i = 0; i < n_windows; i++)
    mig_window_emit_post_migrate (created->pdata[i], reason);
  if (reason == MIG_RESTORE_REASON_CLONE && mig_form_tree_get_remote_form (tree) != NULL)
    mig_application_restore_remote_form (self, tree, created);
  if (reason == MIG_RESTORE_REASON_MIGRATE && mig_form_tree_get_form_shares (tree) != NULL)
    mig_application_restore_form_shares (self, tree);

  /* An arrival's channels wait for the sender's commit
   * (mig-application-incoming.c); otherwise they go live now. */
  if (mig_application_get_private (self)->restoring_incoming)
    mig_application_get_private (self)->arrived_channels = g_steal_pointer (&arrived);
  else
    mig_application_channels_go_live (arrived);

  g_application_release (G_APPLICATION (self));
  return TRUE;
}

/**
 * mig_application_save_to_file:
 * @self: a `MigApplication`
 * @file: the `.migui` file to write
 * @error: return location for a `GError`
 *
 * Takes a checkpoint and writes it to @file atomically.  Opening the file
 * with the application later resumes it (%MIG_RESTORE_REASON_FILE).
 *
 * The file may be resumed elsewhere while the application goes on here, so
 * every window gets [signal@Mig.Window::pre-migrate] (with no peer) before
 * the checkpoint and [signal@Mig.Window::post-migrate] with
 * %MIG_RESTORE_REASON_FILE after it.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
mig_application_save_to_file (MigApplication  *self,
                              GFile           *file,
                              GError         **error)
{
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  g_autofree char *data = NULL;
  gboolean ok = FALSE;
  gsize length;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  windows = mig_application_list_windows (self);
  for (guint i = 0; i < windows->len; i++)
    mig_window_emit_pre_migrate (windows->pdata[i], NULL);

  tree = mig_application_checkpoint_full (self, MIG_RESTORE_REASON_FILE, TRUE, error);
  if (tree != NULL)
    {
      data = mig_form_tree_to_data (tree, &length);
      ok = mig_form_tree_check_size (length, error) &&
           g_file_replace_contents (file, data, length, NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
    }

  /* The application goes on here: its windows take back what they released. */
  for (guint i = 0; i < windows->len; i++)
    mig_window_emit_post_migrate (windows->pdata[i], MIG_RESTORE_REASON_FILE);
  return ok;
}

/**
 * mig_application_get_peers:
 * @self: a `MigApplication`
 *
 * Gets the devices the application can migrate to.
 *
 * Returns: (transfer none): a list model of [class@Mig.Peer]
 */
GListModel *
mig_application_get_peers (MigApplication *self)
{
  MigApplicationPrivate *priv;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);

  priv = mig_application_get_instance_private (self);
  return G_LIST_MODEL (priv->peers);
}
