/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

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
 * modal "Sending to" dialog says what is going on. */
void
mig_window_set_frozen (MigWindow *self,
                       gboolean   frozen)
{
  GtkWidget *content = get_content (self);

  if (content == NULL)
    return;
  gtk_widget_set_can_target (content, !frozen);
  gtk_widget_set_can_focus (content, !frozen);
  if (frozen)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

/* Keeps @dialog in @slot until it is destroyed (a message dialog
 * destroys itself once answered). */
static void
keep_dialog (GtkWindow **slot,
             GtkWidget  *dialog)
{
  g_assert (*slot == NULL);
  *slot = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
}

static void
destroy_dialog (GtkWindow **slot)
{
  GtkWindow *dialog = *slot;

  if (dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
  *slot = NULL;
  gtk_window_destroy (dialog);
}

static void
sending_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GCancellable     *cancellable)
{
  if (g_strcmp0 (response, "cancel") == 0)
    g_cancellable_cancel (cancellable);
}

void
mig_window_show_sending (MigWindow    *self,
                         const char   *device_name,
                         GCancellable *cancellable)
{
  g_autofree char *heading = g_strdup_printf (_("Sending to %s…"), device_name);
  GtkWidget *dialog;
  GtkWidget *spinner;

  mig_window_hide_sending (self);
  mig_window_set_frozen (self, TRUE);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The application goes on there once the other device has opened it."));
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sending"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spinner);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sending_response_cb), cancellable, 0);
  keep_dialog (&mig_window_get_private (self)->sending_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
mig_window_hide_sending (MigWindow *self)
{
  destroy_dialog (&mig_window_get_private (self)->sending_dialog);
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

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
mig_window_set_arriving (MigWindow *self,
                         gboolean   arriving)
{
  mig_window_set_frozen (self, arriving);
}

static void
waiting_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  GCallback take_over = user_data;

  if (g_strcmp0 (response, "take-over") == 0)
    ((void (*) (MigWindow *)) take_over) (MIG_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog))));
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
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The application is ready here, but the other device has not let it "
                                     "go yet. Take it over only if that device is gone: otherwise it may run "
                                     "on both."));
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "wait", _("_Wait"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "take-over", _("_Take Over"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "take-over",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (waiting_response_cb), (gpointer) take_over);
  keep_dialog (&mig_window_get_private (self)->waiting_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
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

  destroy_dialog (&priv->sending_dialog);
  destroy_dialog (&priv->waiting_dialog);
}
