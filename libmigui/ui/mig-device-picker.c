/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-device-picker-private.h"
#include "mig-identity-private.h"
#include "mig-peer-client-private.h"
#include "mig-resources.h"

/**
 * MigDevicePicker:
 *
 * The "Send to Device" dialog: lists the devices the application can go to
 * as they are found, each with its form factor, whether it is paired with
 * this device (devices that are not cannot be chosen) and whether the
 * application is installed there, lets the user choose to move
 * or copy, and starts the migration on a click.  The application's windows
 * then show the progress and a Cancel button.
 *
 * Every [class@Mig.Window] has a `win.send-to-device` action that opens
 * it; put it in the window's menu:
 *
 * ```xml
 * <item>
 *   <attribute name="label" translatable="yes">Send to _Device…</attribute>
 *   <attribute name="action">win.send-to-device</attribute>
 * </item>
 * ```
 *
 * For one part of the window, a [class@Mig.Form] whose type the
 * application registered ([method@Mig.Application.register_form_type]),
 * the dialog made by [ctor@Mig.DevicePicker.new_for_form] offers to move
 * it, share it or only show it there
 * ([method@Mig.Application.send_form_async]); the window's
 * `win.send-part-to-device` action, with the form's name, opens it:
 *
 * ```xml
 * <item>
 *   <attribute name="label" translatable="yes">Send the _Palette to a Device…</attribute>
 *   <attribute name="action">win.send-part-to-device</attribute>
 *   <attribute name="target">Palette</attribute>
 * </item>
 * ```
 */

G_DEFINE_FINAL_TYPE (MigDevicePicker, mig_device_picker, ADW_TYPE_WINDOW)

static const char *
form_factor_icon (MigFormFactor form_factor)
{
  switch (form_factor)
    {
    case MIG_FORM_FACTOR_PHONE: return "phone-symbolic";
    case MIG_FORM_FACTOR_TABLET: return "input-tablet-symbolic";
    case MIG_FORM_FACTOR_TV: return "video-display-symbolic";
    case MIG_FORM_FACTOR_DESKTOP:
    default: return "computer-symbolic";
    }
}

static const char *
form_factor_name (MigFormFactor form_factor)
{
  switch (form_factor)
    {
    case MIG_FORM_FACTOR_PHONE: return _("Phone");
    case MIG_FORM_FACTOR_TABLET: return _("Tablet");
    case MIG_FORM_FACTOR_TV: return _("Television");
    case MIG_FORM_FACTOR_DESKTOP:
    default: return _("Computer");
    }
}

static void
app_check_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  if (g_error_matches (error, MIG_ERROR, MIG_ERROR_CANCELLED))
    return;
  if (!mig_device_picker_row_is_paired (row))
    {
      /* It may be reachable, but nothing is sent to a device not paired:
       * the row offers to pair instead. */
      adw_action_row_set_subtitle (row, _("Not paired with this device"));
    }
  else if (root != NULL && status == 200)
    adw_action_row_set_subtitle (row, _("Installed"));
  else if (root != NULL && status == 404)
    {
      adw_action_row_set_subtitle (row, _("Not installed there"));
      gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
    }
  else
    {
      g_debug ("Could not ask %s about the application: %s (HTTP %u)", mig_peer_get_name (MIG_PEER (source)),
               error != NULL ? error->message : "unexpected answer", status);
      adw_action_row_set_subtitle (row, _("Cannot be reached"));
    }
}

static void
row_activated_cb (AdwActionRow    *row,
                  MigDevicePicker *self)
{
  MigPeer *peer = g_object_get_data (G_OBJECT (row), "mig-peer");
  gboolean copy = gtk_toggle_button_get_active (self->copy_button);

  /* The same actions as the shell extension and the command line use:
   * the application's windows show the progress and any failure. */
  if (self->form_name != NULL)
    {
      const char *mode = gtk_toggle_button_get_active (self->share_button)   ? "share"
                         : gtk_toggle_button_get_active (self->watch_button) ? "watch"
                                                                             : "move";

      g_action_group_activate_action (G_ACTION_GROUP (self->application), "send-form-to",
                                      g_variant_new ("(sss)", self->form_name, mig_peer_get_id (peer), mode));
    }
  else
    g_action_group_activate_action (G_ACTION_GROUP (self->application), copy ? "clone-to" : "migrate-to",
                                    g_variant_new_string (mig_peer_get_id (peer)));
  gtk_window_close (GTK_WINDOW (self));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  MigDevicePicker *self = MIG_DEVICE_PICKER (user_data);
  MigPeer *peer = MIG_PEER (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (form_factor_icon (mig_peer_get_form_factor (peer)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mig_peer_get_name (peer));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Checking…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  form_factor_name (mig_peer_get_form_factor (peer)), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data_full (G_OBJECT (row), "mig-peer", g_object_ref (peer), g_object_unref);
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);
  if (mig_peer_get_trusted (peer))
    mig_device_picker_mark_paired (self, ADW_ACTION_ROW (row));
  else
    mig_device_picker_add_pair_button (self, ADW_ACTION_ROW (row), peer);
  mig_device_picker_check_app (self, ADW_ACTION_ROW (row), peer);
  return row;
}

/* Whether the application is installed on @peer's device, shown in the
 * row's subtitle. */
void
mig_device_picker_check_app (MigDevicePicker *self,
                             AdwActionRow    *row,
                             MigPeer         *peer)
{
  const char *app_id = g_application_get_application_id (self->application);
  g_autofree char *path = NULL;

  if (self->identity == NULL || app_id == NULL)
    return;
  path = g_strdup_printf ("/v1/apps/%s", app_id);
  mig_peer_request_async (peer, self->identity, "GET", path, NULL, self->cancellable,
                          app_check_done_cb, g_object_ref (row));
}

static void
peers_changed_cb (GListModel      *peers,
                  guint            position,
                  guint            removed,
                  guint            added,
                  MigDevicePicker *self)
{
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (peers) > 0 ? "devices" : "searching");
}

static void
mig_device_picker_dispose (GObject *object)
{
  MigDevicePicker *self = MIG_DEVICE_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->peers != NULL)
    g_signal_handlers_disconnect_by_func (self->peers, peers_changed_cb, self);
  g_clear_object (&self->peers);
  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->form_name, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIG_TYPE_DEVICE_PICKER);

  G_OBJECT_CLASS (mig_device_picker_parent_class)->dispose (object);
}

static void
mig_device_picker_class_init (MigDevicePickerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mig_device_picker_dispose;

  /* Taking the resource links its registration in, also into programs
   * that use the static internal library. */
  (void) mig_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, "/org/migui/libmigui/mig-device-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, MigDevicePicker, stack);
  gtk_widget_class_bind_template_child (widget_class, MigDevicePicker, list);
  gtk_widget_class_bind_template_child (widget_class, MigDevicePicker, move_button);
  gtk_widget_class_bind_template_child (widget_class, MigDevicePicker, copy_button);
  gtk_widget_class_bind_template_child (widget_class, MigDevicePicker, share_button);
  gtk_widget_class_bind_template_child (widget_class, MigDevicePicker, watch_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mig_device_picker_init (MigDevicePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->identity = mig_identity_load_default (NULL);
}

/**
 * mig_device_picker_new:
 * @application: the application to send
 * @parent: (nullable): the window the dialog belongs to
 *
 * Creates a "Send to Device" dialog for @application; present it with
 * [method@Gtk.Window.present].
 *
 * Returns: (transfer full): a new dialog
 */
GtkWidget *
mig_device_picker_new (MigApplication *application,
                       GtkWindow      *parent)
{
  MigDevicePicker *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (g_object_class_find_property (G_OBJECT_GET_CLASS (application), "peers") !=
                            NULL,
                        NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (MIG_TYPE_DEVICE_PICKER, "transient-for", parent, NULL);
  self->application = G_APPLICATION (g_object_ref (application));
  g_object_get (application, "peers", &self->peers, NULL);
  gtk_list_box_bind_model (self->list, self->peers, create_row, self, NULL);
  g_signal_connect (self->peers, "items-changed", G_CALLBACK (peers_changed_cb), self);
  peers_changed_cb (self->peers, 0, 0, 0, self);
  return GTK_WIDGET (self);
}

/**
 * mig_device_picker_new_for_form:
 * @application: the application the form belongs to
 * @parent: (nullable): the window the dialog belongs to
 * @form_name: the [property@Mig.Form:form-name] of a form in one of
 *   @application's windows, of a type it registered to travel
 *
 * Creates a "Send Part to Device" dialog: it lists the same devices as
 * [ctor@Mig.DevicePicker.new], and sends only the form named @form_name,
 * moved, shared or shown there as the user chooses
 * ([enum@Mig.FormSendMode]).  If that fails, the form's window says why.
 *
 * Returns: (transfer full): a new dialog
 */
GtkWidget *
mig_device_picker_new_for_form (MigApplication *application,
                                GtkWindow      *parent,
                                const char     *form_name)
{
  MigDevicePicker *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (form_name != NULL, NULL);

  self = MIG_DEVICE_PICKER (mig_device_picker_new (application, parent));
  if (self == NULL)
    return NULL;
  self->form_name = g_strdup (form_name);
  /* Translators: %s is a part of an application's window, “Palette” */
  title = g_strdup_printf (_("Send “%s” to Device"), form_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->share_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->watch_button), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->move_button), _("It leaves this device until it is brought back"));
  return GTK_WIDGET (self);
}
