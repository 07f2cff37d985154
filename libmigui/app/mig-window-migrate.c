/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-alert-private.h"
#include "mig-window-private.h"

/* What a window shows while its application migrates: frozen with a
 * "Sending to …" dialog and a Cancel button on the source, inert while it
 * arrives on the target, and messages about what went wrong. */

static GtkWidget *
get_content (MigWindow *self)
{
  return adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
}

/* A frozen window takes no pointer or keyboard input.  It is not made
 * insensitive: restyling every widget of a big window costs a frame of a
 * hundred milliseconds, which would delay the migration it announces; the
 * modal "Sending to" dialog says what is going on if it takes long. */
void
mig_window_set_frozen (MigWindow *self,
                       gboolean   frozen)
{
  GtkWidget *content = get_content (self);
  MigWindowPrivate *priv = mig_window_get_private (self);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (content == NULL)
    return;
  gtk_widget_set_can_target (content, !frozen);
  gtk_widget_set_can_focus (content, !frozen);
  if (frozen && focus != NULL)
    {
      g_set_weak_pointer (&priv->frozen_focus, focus);
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
  else if (!frozen && priv->frozen_focus != NULL)
    {
      if (gtk_widget_is_ancestor (priv->frozen_focus, content))
        gtk_widget_grab_focus (priv->frozen_focus);
      g_clear_weak_pointer (&priv->frozen_focus);
    }
}

/* Keeps @dialog in @slot until it is destroyed (a message dialog
 * destroys itself once answered). */
static void
keep_dialog (GtkWidget **slot,
             GtkWidget  *dialog)
{
  g_assert (*slot == NULL);
  *slot = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
}

static void
destroy_dialog (GtkWidget **slot)
{
  GtkWidget *dialog = *slot;

  if (dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
  *slot = NULL;
  mig_alert_close (dialog);
}

static void
sending_response_cb (GtkWidget    *dialog,
                     const char   *response,
                     GCancellable *cancellable)
{
  if (g_strcmp0 (response, "cancel") == 0)
    g_cancellable_cancel (cancellable);
}

/* How long a migration goes on before its "Sending to" dialog shows.  A
 * migration between two devices on a network usually ends sooner: it then
 * shows no dialog, and the source does not spend on drawing a new window
 * (tens of milliseconds with software rendering) the time in which it
 * should be answering the target. */
#define SENDING_DIALOG_DELAY_MS 300

static gboolean
sending_timeout_cb (gpointer user_data)
{
  MigWindow *self = MIG_WINDOW (user_data);
  MigWindowPrivate *priv = mig_window_get_private (self);
  g_autofree char *heading = g_strdup_printf (_("Sending to %s…"), priv->sending_device);
  GtkWidget *dialog;
  GtkWidget *spinner;

  priv->sending_timeout = 0;
  dialog = mig_alert_new (heading, _("The application goes on there once the other device has opened it."));
  mig_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  mig_alert_set_close_response (dialog, "cancel");
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sending"), -1);
  mig_alert_set_extra_child (dialog, spinner);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sending_response_cb), priv->sending_cancellable, 0);
  keep_dialog (&priv->sending_dialog, dialog);
  mig_alert_present (dialog, GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

void
mig_window_show_sending (MigWindow    *self,
                         const char   *device_name,
                         GCancellable *cancellable)
{
  MigWindowPrivate *priv = mig_window_get_private (self);

  mig_window_hide_sending (self);
  mig_window_set_frozen (self, TRUE);
  priv->sending_device = g_strdup (device_name);
  g_set_object (&priv->sending_cancellable, cancellable);
  priv->sending_timeout = g_timeout_add (SENDING_DIALOG_DELAY_MS, sending_timeout_cb, self);
}

static void
clear_sending (MigWindowPrivate *priv)
{
  g_clear_handle_id (&priv->sending_timeout, g_source_remove);
  g_clear_pointer (&priv->sending_device, g_free);
  g_clear_object (&priv->sending_cancellable);
  destroy_dialog (&priv->sending_dialog);
}

void
mig_window_hide_sending (MigWindow *self)
{
  clear_sending (mig_window_get_private (self));
  mig_window_set_frozen (self, FALSE);
}

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  if (widget == NULL)
    return NULL;
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *overlay = find_toast_overlay (child);

      if (overlay != NULL)
        return overlay;
    }
  return NULL;
}

/* A toast when the window has somewhere to show one, else a dialog. */
void
mig_window_show_message (MigWindow  *self,
                         const char *message)
{
  AdwToastOverlay *overlay = find_toast_overlay (get_content (self));
  GtkWidget *dialog;

  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (overlay, toast);
      return;
    }

  dialog = mig_alert_new (NULL, message);
  mig_alert_add_response (dialog, "close", _("_Close"), ADW_RESPONSE_DEFAULT);
  mig_alert_present (dialog, GTK_WIDGET (self));
}

void
mig_window_set_arriving (MigWindow *self,
                         gboolean   arriving)
{
  mig_window_set_frozen (self, arriving);
}

static void
waiting_response_cb (GtkWidget  *dialog,
                     const char *response,
                     MigWindow  *window)
{
  void (*take_over) (MigWindow *) = g_object_get_data (G_OBJECT (dialog), "mig-take-over");

  if (g_strcmp0 (response, "take-over") == 0)
    take_over (window);
}

/* Shown on the target when the source has not released the application
 * some seconds after it was restored. */
void
mig_window_show_waiting (MigWindow  *self,
                         const char *source_name,
                         void      (*take_over) (MigWindow *window))
{
  g_autofree char *heading = g_strdup_printf (_("Waiting for %s to release…"), source_name);
  GtkWidget *dialog;

  if (mig_window_get_private (self)->waiting_dialog != NULL)
    return;
  dialog = mig_alert_new (heading,
                          _("The application is ready here, but the other device has not let it "
                                     "go yet. Take it over only if that device is gone: otherwise it may run "
                                     "on both."));
  mig_alert_add_response (dialog, "wait", _("_Wait"), ADW_RESPONSE_DEFAULT);
  mig_alert_add_response (dialog, "take-over", _("_Take Over"), ADW_RESPONSE_DESTRUCTIVE);
  /* Waiting is safe; taking over is for a device that is gone. */
  mig_alert_set_default_response (dialog, "wait");
  g_object_set_data (G_OBJECT (dialog), "mig-take-over", (gpointer) take_over);
  g_signal_connect_object (dialog, "response", G_CALLBACK (waiting_response_cb), self, 0);
  keep_dialog (&mig_window_get_private (self)->waiting_dialog, dialog);
  g_debug ("Asking whether to take the application over: %s", heading);
  mig_alert_present (dialog, GTK_WIDGET (self));
}

void
mig_window_hide_waiting (MigWindow *self)
{
  destroy_dialog (&mig_window_get_private (self)->waiting_dialog);
}

/* The window goes: so do its dialogs, before the weak pointers to them. */
void
mig_window_drop_dialogs (MigWindow *self)
{
  MigWindowPrivate *priv = mig_window_get_private (self);

  clear_sending (priv);
  destroy_dialog (&priv->waiting_dialog);
  g_clear_weak_pointer (&priv->frozen_focus);
}
