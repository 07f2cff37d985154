/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-enum-types.h"
#include "mig-state-private.h"
#include "mig-application.h"
#include "mig-device-picker.h"
#include "mig-window-private.h"

/**
 * MigWindow:
 *
 * A top-level form of a migratory application.
 *
 * Subclass it and register the subclass with
 * [method@Mig.Application.register_window_type].  Everything the user can
 * change in widgets that have an ID (a `GtkBuilder`/template `id`, or one
 * given with [func@Mig.widget_set_state_id]) is captured automatically, and
 * so are the window's size, maximized and fullscreen states and the focused
 * widget.  A window restored from a form tree is a new instance of the same
 * type; its widgets (built in its `init` or template) then receive the
 * saved values.  To make arrivals fast, an application that takes part in
 * migrations keeps a spare window of each registered type, built and
 * realized before it joins the application: a window must not expect its
 * `application` in `init` or `constructed`, but connect to
 * `notify::application` for what needs it.
 *
 * State that no widget shows goes through [signal@Mig.Window::save-state]
 * and [signal@Mig.Window::restore-state].
 *
 * Two actions open the "Send to Device" dialog ([class@Mig.DevicePicker]):
 * `win.send-to-device`, for the whole application, and
 * `win.send-part-to-device`, whose string parameter names one
 * [class@Mig.Form] of the window that may travel on its own.
 */

G_DEFINE_TYPE_WITH_PRIVATE (MigWindow, mig_window, ADW_TYPE_APPLICATION_WINDOW)

MigWindowPrivate *
mig_window_get_private (MigWindow *self)
{
  return mig_window_get_instance_private (self);
}

enum {
  SAVE_STATE,
  RESTORE_STATE,
  PRE_MIGRATE,
  POST_MIGRATE,
  ADAPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static guint next_serial = 1;

static void
mig_window_dispose (GObject *object)
{
  MigWindowPrivate *priv = mig_window_get_instance_private (MIG_WINDOW (object));

  g_clear_object (&priv->origin_profile);
  mig_window_drop_dialogs (MIG_WINDOW (object));

  G_OBJECT_CLASS (mig_window_parent_class)->dispose (object);
}

/* Opens the "Send to Device" dialog for the window's application, or, with
 * a form's name, for that form. */
static void
send_to_device_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));
  GtkWidget *picker;

  if (!MIG_IS_APPLICATION (app))
    return;
  picker = parameter != NULL ? mig_device_picker_new_for_form (MIG_APPLICATION (app), GTK_WINDOW (widget),
                                                               g_variant_get_string (parameter, NULL))
                             : mig_device_picker_new (MIG_APPLICATION (app), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (picker));
}

static void
mig_window_class_init (MigWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.send-to-device", NULL, send_to_device_activated);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.send-part-to-device", "s",
                                   send_to_device_activated);
  object_class->dispose = mig_window_dispose;

  /**
   * MigWindow::save-state:
   * @self: the window
   * @dict: a `GVariantDict` to add values to
   *
   * Emitted when a checkpoint is taken, for state of the window that no
   * widget shows.  Add values to @dict; they come back in
   * [signal@Mig.Window::restore-state].
   */
  signals[SAVE_STATE] =
    g_signal_new ("save-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigWindowClass, save_state),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT_DICT);

  /**
   * MigWindow::restore-state:
   * @self: the window
   * @state: the `a{sv}` saved by [signal@Mig.Window::save-state]
   *
   * Emitted on a restored window after its widgets received their values
   * and before it is shown.
   */
  signals[RESTORE_STATE] =
    g_signal_new ("restore-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigWindowClass, restore_state),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);

  /**
   * MigWindow::pre-migrate:
   * @self: the window
   * @peer: (nullable): the device the application is about to leave for
   *
   * Emitted before the application leaves this device: release what only
   * makes sense here (open files, sockets, devices).  If the migration
   * fails, [signal@Mig.Window::post-migrate] follows on this same window.
   */
  signals[PRE_MIGRATE] =
    g_signal_new ("pre-migrate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigWindowClass, pre_migrate),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MIG_TYPE_PEER);

  /**
   * MigWindow::post-migrate:
   * @self: the window
   * @reason: why the window was restored
   *
   * Emitted once a restored window is shown, after every window of the
   * tree was rebuilt: re-acquire local resources here.
   */
  signals[POST_MIGRATE] =
    g_signal_new ("post-migrate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigWindowClass, post_migrate),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MIG_TYPE_RESTORE_REASON);

  /**
   * MigWindow::adapt:
   * @self: the window
   * @profile: the profile of this device
   *
   * Emitted on a restored window when this device differs from the one the
   * tree was made on, after its size was fitted to the screen, so that the
   * application can reflow.  The origin's profile is
   * [method@Mig.Window.get_origin_profile].
   */
  signals[ADAPT] =
    g_signal_new ("adapt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (MigWindowClass, adapt),
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MIG_TYPE_DEVICE_PROFILE);
}

static void
mig_window_init (MigWindow *self)
{
  MigWindowPrivate *priv = mig_window_get_instance_private (self);

  priv->serial = next_serial++;
}

/**
 * mig_window_get_origin_profile:
 * @self: a `MigWindow`
 *
 * Gets the profile of the device the window was restored from.
 *
 * Returns: (nullable) (transfer none): the origin's profile, or %NULL if the
 *   window was not restored from a tree that records it
 */
MigDeviceProfile *
mig_window_get_origin_profile (MigWindow *self)
{
  MigWindowPrivate *priv;

  g_return_val_if_fail (MIG_IS_WINDOW (self), NULL);

  priv = mig_window_get_instance_private (self);
  return priv->origin_profile;
}

guint
mig_window_get_serial (MigWindow *self)
{
  MigWindowPrivate *priv = mig_window_get_instance_private (self);

  return priv->serial;
}

/* Writes the geometry, widgets, forms and focus members of the window's
 * object in a form tree. */
void
mig_window_capture (MigWindow     *self,
                    MigJsonWriter *writer,
                    guint         *n_widgets)
{
  GtkWindow *window = GTK_WINDOW (self);
  g_autofree char *focus = NULL;
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  mig_json_writer_key (writer, "geometry");
  mig_json_writer_begin_object (writer);
  mig_json_writer_key (writer, "width");
  mig_json_writer_int (writer, width);
  mig_json_writer_key (writer, "height");
  mig_json_writer_int (writer, height);
  mig_json_writer_key (writer, "maximized");
  mig_json_writer_bool (writer, gtk_window_is_maximized (window));
  mig_json_writer_key (writer, "fullscreen");
  mig_json_writer_bool (writer, gtk_window_is_fullscreen (window));
  mig_json_writer_end_object (writer);

  mig_state_capture_scope (GTK_WIDGET (self), writer, gtk_window_get_focus (window), &focus, n_widgets);
  if (focus != NULL)
    {
      mig_json_writer_key (writer, "focus");
      mig_json_writer_string (writer, focus);
    }
}

gboolean
mig_window_restore_widgets (MigWindow   *self,
                            JsonObject  *saved,
                            GError     **error)
{
  return mig_state_restore_scope (GTK_WIDGET (self), saved, error);
}

/*
 * Fits the saved size to this device: kept if it fits the work area, else
 * scaled down keeping its proportions but never below the window's minimum
 * size; maximized on a phone-sized screen.  Returns whether the device
 * differs from the origin, that is whether ::adapt is due.
 */
gboolean
mig_window_restore_geometry (MigWindow        *self,
                             JsonObject       *saved,
                             MigDeviceProfile *origin,
                             MigDeviceProfile *local)
{
  MigWindowPrivate *priv = mig_window_get_instance_private (self);
  GtkWindow *window = GTK_WINDOW (self);
  JsonObject *geometry = mig_json_get_object (saved, "geometry");
  int width = -1, height = -1;
  int area_width = mig_device_profile_get_width (local);
  int area_height = mig_device_profile_get_height (local);

  g_set_object (&priv->origin_profile, origin);

  if (geometry != NULL)
    {
      width = (int) json_object_get_int_member_with_default (geometry, "width", -1);
      height = (int) json_object_get_int_member_with_default (geometry, "height", -1);
    }

  if (width > 0 && height > 0 && area_width > 0 && area_height > 0 &&
      (width > area_width || height > area_height))
    {
      double scale = MIN ((double) area_width / width, (double) area_height / height);
      int min_width, min_height;

      width = (int) (width * scale);
      height = (int) (height * scale);
      gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      width = MAX (width, min_width);
      gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
      height = MAX (height, min_height);
    }

  if (width > 0 || height > 0)
    gtk_window_set_default_size (window, width, height);

  if ((geometry != NULL && json_object_get_boolean_member_with_default (geometry, "maximized", FALSE)) ||
      (area_width > 0 && area_width < 600))
    gtk_window_maximize (window);
  if (geometry != NULL && json_object_get_boolean_member_with_default (geometry, "fullscreen", FALSE))
    gtk_window_fullscreen (window);

  return origin != NULL && !mig_device_profile_equal (origin, local);
}

void
mig_window_restore_focus (MigWindow  *self,
                          JsonObject *saved)
{
  const char *path = json_object_get_string_member_with_default (saved, "focus", NULL);
  GtkWidget *widget;

  if (path == NULL)
    return;
  widget = mig_state_find_path (GTK_WIDGET (self), path);
  if (widget != NULL)
    gtk_widget_grab_focus (widget);
  else
    g_debug ("The saved focus “%s” names no widget here", path);
}

void
mig_window_emit_save_state (MigWindow    *self,
                            GVariantDict *dict)
{
  g_signal_emit (self, signals[SAVE_STATE], 0, dict);
}

void
mig_window_emit_restore_state (MigWindow *self,
                               GVariant  *state)
{
  g_signal_emit (self, signals[RESTORE_STATE], 0, state);
}

void
mig_window_emit_pre_migrate (MigWindow *self,
                             MigPeer   *peer)
{
  g_signal_emit (self, signals[PRE_MIGRATE], 0, peer);
}

void
mig_window_emit_post_migrate (MigWindow        *self,
                              MigRestoreReason  reason)
{
  g_signal_emit (self, signals[POST_MIGRATE], 0, reason);
}

void
mig_window_emit_adapt (MigWindow        *self,
                       MigDeviceProfile *profile)
{
  g_signal_emit (self, signals[ADAPT], 0, profile);
}
