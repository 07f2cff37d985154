/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-application-private.h"
#include "mig-window-private.h"

/*
 * app.send-form-to: what the "Send Part to Device" dialog
 * (MigDevicePicker for a form) activates.  It finds the device, sends the
 * form, and tells the user in the form's window if that fails; when it
 * works, the form's place and its copy say so themselves.
 */

typedef struct
{
  MigApplication  *app;
  MigForm         *form;
  MigFormSendMode  mode;
} FormSend;

static void
form_send_free (FormSend *send)
{
  g_clear_object (&send->app);
  g_clear_object (&send->form);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FormSend, form_send_free)

/* Said in the form's window, else in the application's first one. */
static void
tell_failure (FormSend   *send,
              const char *reason)
{
  GtkRoot *root = send->form != NULL ? gtk_widget_get_root (GTK_WIDGET (send->form)) : NULL;
  g_autoptr(GPtrArray) windows = mig_application_list_windows (send->app);
  g_autofree char *message = NULL;
  MigWindow *window = NULL;

  if (MIG_IS_WINDOW (root))
    window = MIG_WINDOW (root);
  else if (windows->len > 0)
    window = windows->pdata[0];
  /* Translators: the first %s is a part of the application (“Palette”),
   * the second why it could not go */
  message = g_strdup_printf (_("“%s” could not be sent: %s"),
                             send->form != NULL ? mig_form_get_form_name (send->form) : "", reason);
  if (window != NULL)
    mig_window_show_message (window, message);
  else
    g_message ("%s", message);
}

static void
form_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FormSend) send = user_data;
  g_autoptr(GError) error = NULL;

  if (!mig_application_send_form_finish (MIG_APPLICATION (source), result, &error))
    tell_failure (send, error->message);
}

static void
peer_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FormSend) send = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);
  MigApplication *app = send->app;
  MigForm *form = send->form;
  MigFormSendMode mode = send->mode;

  if (peer == NULL)
    {
      tell_failure (send, error->message);
      return;
    }
  /* The form may have gone meanwhile (its window closed). */
  if (gtk_widget_get_root (GTK_WIDGET (form)) == NULL)
    return;
  mig_application_send_form_async (app, form, peer, mode, NULL, form_sent_cb, g_steal_pointer (&send));
}

static void
send_form_to_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MigApplication *self = MIG_APPLICATION (user_data);
  const char *form_name, *device, *mode;
  g_autoptr(FormSend) send = g_new0 (FormSend, 1);
  MigForm *form;

  g_variant_get (parameter, "(&s&s&s)", &form_name, &device, &mode);
  send->app = g_object_ref (self);
  form = mig_application_find_form (self, form_name);
  /* Any program on the session bus may activate it: a bad call is
   * answered like a failed send. */
  if (form == NULL)
    {
      g_message ("app.send-form-to: the application has no part “%s” that may travel", form_name);
      return;
    }
  send->form = g_object_ref (form);
  if (!mig_form_send_mode_from_name (mode, &send->mode))
    {
      tell_failure (send, _("the way to send it is not known"));
      return;
    }
  mig_peer_browser_find_async (mig_application_get_private (self)->peers, device, NULL, peer_found_cb,
                               g_steal_pointer (&send));
}

void
mig_application_form_action_startup (MigApplication *self)
{
  static const GActionEntry entries[] = {
    { "send-form-to", send_form_to_activated, "(sss)" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
