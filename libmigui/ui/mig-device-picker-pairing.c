/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-alert-private.h"
#include "mig-dbus-names-private.h"
#include "mig-device-picker-private.h"

/* Pairing from the "Send to Device" dialog: a device that is not paired
 * gets a Pair button.  This device's peer shell does the pairing (over the
 * session bus, as `migui pair` does); the dialog shows the code and asks
 * the user whether the other device shows the same, and the row becomes a
 * paired device the application can go to. */

#define PAIR_CALL_MS    (120 * 1000)

typedef struct
{
  MigDevicePicker *picker;
  AdwActionRow *row;
  GtkWidget *button;
  MigPeer *peer;
  GDBusConnection *bus;
  guint subscription;
  char *pairing_id;
  GtkWidget *question;
} PairAttempt;

static void
pair_attempt_free (PairAttempt *attempt)
{
  if (attempt->subscription != 0)
    g_dbus_connection_signal_unsubscribe (attempt->bus, attempt->subscription);
  if (attempt->question != NULL)
    {
      g_signal_handlers_disconnect_by_data (attempt->question, attempt);
      mig_alert_close (attempt->question);
    }
  g_clear_object (&attempt->picker);
  g_clear_object (&attempt->row);
  g_clear_object (&attempt->button);
  g_clear_object (&attempt->peer);
  g_clear_object (&attempt->bus);
  g_free (attempt->pairing_id);
  g_free (attempt);
}

gboolean
mig_device_picker_row_is_paired (AdwActionRow *row)
{
  MigPeer *peer = g_object_get_data (G_OBJECT (row), "mig-peer");

  return (peer != NULL && mig_peer_get_trusted (peer)) || g_object_get_data (G_OBJECT (row), "mig-paired") != NULL;
}

/* The row of a paired device: marked so, and it can be chosen. */
void
mig_device_picker_mark_paired (MigDevicePicker *self,
                               AdwActionRow    *row)
{
  GtkWidget *mark = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

  g_object_set_data (G_OBJECT (row), "mig-paired", GINT_TO_POINTER (TRUE));
  gtk_widget_set_tooltip_text (mark, _("Paired device"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Paired device"), -1);
  adw_action_row_add_suffix (row, mark);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
}

static void
question_response_cb (GtkWidget   *dialog,
                      const char  *response,
                      PairAttempt *attempt)
{
  g_signal_handlers_disconnect_by_data (dialog, attempt);
  attempt->question = NULL;
  g_dbus_connection_call (attempt->bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH,
                          MIG_SHELL_INTERFACE, "ConfirmPairing",
                          g_variant_new ("(sb)", attempt->pairing_id,
                                         g_strcmp0 (response, "pair") == 0),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  if (g_strcmp0 (response, "pair") == 0)
    adw_action_row_set_subtitle (attempt->row, _("Confirm on the other device too…"));
}

static void
question_destroyed_cb (PairAttempt *attempt)
{
  attempt->question = NULL;
}

static void
pairing_requested_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  PairAttempt *attempt = user_data;
  MigPairingRequested requested;
  const char *code;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (!mig_pairing_requested_unpack (parameters, &requested) || !requested.outgoing ||
      attempt->pairing_id != NULL)
    return;
  attempt->pairing_id = g_strdup (requested.pairing_id);
  code = requested.code;

  /* Translators: "Pair with Desktop?" */
  heading = g_strdup_printf (_("Pair with %s?"), mig_peer_get_name (attempt->peer));
  /* Translators: the code is six digits, shown as "123 456" */
  body = g_strdup_printf (_("%sCheck that %s shows the code %.3s %.3s, and confirm there too. A paired device may "
                            "send applications to this one."),
                          requested.identity_changed ? _("Warning: this device was paired before with another identity. "
                                               "Pair again only if you know why.\n\n") : "",
                          mig_peer_get_name (attempt->peer), code, code + 3);
  attempt->question = mig_alert_new (heading, body);
  mig_alert_add_response (attempt->question, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  mig_alert_add_response (attempt->question, "pair", _("_Pair"),
                          requested.identity_changed ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  mig_alert_set_close_response (attempt->question, "cancel");
  g_signal_connect (attempt->question, "response", G_CALLBACK (question_response_cb), attempt);
  g_signal_connect_swapped (attempt->question, "destroy", G_CALLBACK (question_destroyed_cb), attempt);
  mig_alert_present (attempt->question, GTK_WIDGET (attempt->picker));
}

static void
paired_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PairAttempt *attempt = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply != NULL)
    {
      adw_action_row_remove (attempt->row, attempt->button);
      mig_device_picker_mark_paired (attempt->picker, attempt->row);
      adw_action_row_set_subtitle (attempt->row, _("Paired"));
      mig_device_picker_check_app (attempt->picker, attempt->row, attempt->peer);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The dialog closed: the other device's user need not wait. */
      if (attempt->pairing_id != NULL)
        g_dbus_connection_call (attempt->bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH,
                                MIG_SHELL_INTERFACE, "ConfirmPairing",
                                g_variant_new ("(sb)", attempt->pairing_id, FALSE), NULL,
                                G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
    }
  else
    {
      g_dbus_error_strip_remote_error (error);
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        adw_action_row_set_subtitle (attempt->row, _("This device’s peer shell is not running"));
      else
        adw_action_row_set_subtitle (attempt->row, error->message);
      gtk_widget_set_sensitive (attempt->button, TRUE);
    }
  pair_attempt_free (attempt);
}

static void
pair_clicked_cb (GtkButton    *button,
                 AdwActionRow *row)
{
  MigDevicePicker *self = MIG_DEVICE_PICKER (gtk_widget_get_root (GTK_WIDGET (row)));
  MigPeer *peer = g_object_get_data (G_OBJECT (row), "mig-peer");
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self->application));
  PairAttempt *attempt;

  if (bus == NULL)
    {
      adw_action_row_set_subtitle (row, _("This device’s peer shell is not running"));
      return;
    }
  attempt = g_new0 (PairAttempt, 1);
  attempt->picker = g_object_ref (self);
  attempt->row = g_object_ref (row);
  attempt->button = g_object_ref (GTK_WIDGET (button));
  attempt->peer = g_object_ref (peer);
  attempt->bus = g_object_ref (bus);
  attempt->subscription =
      g_dbus_connection_signal_subscribe (bus, NULL, MIG_SHELL_INTERFACE, "PairingRequested",
                                          MIG_SHELL_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                          pairing_requested_cb, attempt, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (row, _("Pairing…"));
  g_dbus_connection_call (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH, MIG_SHELL_INTERFACE,
                          "Pair",
                          g_variant_new ("(sqs)", mig_peer_get_address (peer),
                                         mig_peer_get_port (peer),
                                         mig_peer_get_name (peer) != NULL ?
                                             mig_peer_get_name (peer) :
                                             ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, PAIR_CALL_MS, self->cancellable, paired_cb,
                          attempt);
}

/* The row of a device that is not paired: it cannot be chosen, but it can
 * be paired with. */
void
mig_device_picker_add_pair_button (MigDevicePicker *self,
                                   AdwActionRow    *row,
                                   MigPeer         *peer)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Pair…"));
  g_autofree char *label = g_strdup_printf (_("Pair with %s"), mig_peer_get_name (peer));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (pair_clicked_cb), row);
  adw_action_row_add_suffix (row, button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
}
