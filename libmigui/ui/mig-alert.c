/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mig-alert-private.h"

/* AdwMessageDialog is deprecated from libadwaita 1.6; AdwAlertDialog came
 * in 1.5.  Debian 12 has 1.2, Debian 13 1.7. */
#if ADW_CHECK_VERSION(1, 5, 0)
#define MIG_ALERT_IS_DIALOG 1
#endif

#ifdef MIG_ALERT_IS_DIALOG
/* AdwAlertDialog before libadwaita 1.8 measures its one-line heading for
 * the dialog's width before it falls back to the wrapping one, and GTK then
 * warns "Trying to measure GtkLabel … for width of 324, but it needs at
 * least 536" for any heading wider than the dialog — and ours name devices
 * and applications, so they often are (libadwaita issue 1025).  The heading
 * and body are therefore labels of our own in the dialog's extra child,
 * styled as libadwaita's; the dialog's title still names it for assistive
 * technologies and the window list. */
static GtkWidget *
message_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Closing an AdwAlertDialog, even with adw_dialog_force_close(), emits its
 * close response; mig_alert_close() closes without one, as the older
 * AdwMessageDialog does.  Connected first, this runs before anyone else's. */
static void
silence_when_closed (GtkWidget  *alert,
                     const char *response)
{
  /* Stopped by its detail, which is the response. */
  if (g_object_get_data (G_OBJECT (alert), "mig-alert-closed") != NULL)
    g_signal_stop_emission (alert, g_signal_lookup ("response", G_OBJECT_TYPE (alert)),
                            g_quark_from_string (response));
}

static void
force_close (GtkWidget *alert)
{
  g_object_set_data (G_OBJECT (alert), "mig-alert-closed", GINT_TO_POINTER (TRUE));
  adw_dialog_force_close (ADW_DIALOG (alert));
}
#endif

GtkWidget *
mig_alert_new (const char *heading,
               const char *body)
{
#ifdef MIG_ALERT_IS_DIALOG
  AdwDialog *alert = adw_alert_dialog_new (NULL, NULL);
  GtkWidget *message = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);

  if (heading != NULL)
    {
      gtk_box_append (GTK_BOX (message), message_label (heading, "title-2"));
      adw_dialog_set_title (alert, heading);
      g_object_set_data_full (G_OBJECT (alert), "mig-alert-heading",
                              g_strdup (heading), g_free);
    }
  if (body != NULL)
    {
      GtkWidget *label = message_label (body, "body");

      gtk_box_append (GTK_BOX (message), label);
      g_object_set_data_full (G_OBJECT (alert), "mig-alert-body", g_strdup (body), g_free);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (alert),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      label, NULL, -1);
    }
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), message);
  g_object_set_data (G_OBJECT (alert), "mig-alert-message", message);
  g_signal_connect (alert, "response", G_CALLBACK (silence_when_closed), NULL);
  return GTK_WIDGET (alert);
#else
  GtkWidget *alert = adw_message_dialog_new (NULL, heading, body);

  if (heading != NULL)
    gtk_window_set_title (GTK_WINDOW (alert), heading);
  return alert;
#endif
}

void
mig_alert_add_response (GtkWidget             *alert,
                        const char            *id,
                        const char            *label,
                        AdwResponseAppearance  appearance)
{
#ifdef MIG_ALERT_IS_DIALOG
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), id, label);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), id, appearance);
#else
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), id, label);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (alert), id, appearance);
#endif
}

void
mig_alert_set_close_response (GtkWidget  *alert,
                              const char *id)
{
#ifdef MIG_ALERT_IS_DIALOG
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), id);
#else
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (alert), id);
#endif
}

void
mig_alert_set_default_response (GtkWidget  *alert,
                                const char *id)
{
#ifdef MIG_ALERT_IS_DIALOG
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), id);
#else
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (alert), id);
#endif
}

void
mig_alert_set_extra_child (GtkWidget *alert,
                           GtkWidget *child)
{
#ifdef MIG_ALERT_IS_DIALOG
  gtk_box_append (g_object_get_data (G_OBJECT (alert), "mig-alert-message"), child);
#else
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (alert), child);
#endif
}

const char *
mig_alert_get_heading (GtkWidget *alert)
{
#ifdef MIG_ALERT_IS_DIALOG
  return g_object_get_data (G_OBJECT (alert), "mig-alert-heading");
#else
  const char *heading = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (alert));

  return heading != NULL && *heading != '\0' ? heading : NULL;
#endif
}

void
mig_alert_present (GtkWidget *alert,
                   GtkWidget *parent)
{
#ifdef MIG_ALERT_IS_DIALOG
  adw_dialog_present (ADW_DIALOG (alert), parent);
#else
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (alert), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (alert));
#endif
}

void
mig_alert_respond (GtkWidget  *alert,
                   const char *id)
{
  g_object_ref (alert);
#ifdef MIG_ALERT_IS_DIALOG
  g_signal_emit_by_name (alert, "response", id);
  force_close (alert);
#else
  /* adw_message_dialog_response() leaves the dialog open; destroying it
   * emits no close response. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (alert), id);
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
  g_object_unref (alert);
}

void
mig_alert_close (GtkWidget *alert)
{
#ifdef MIG_ALERT_IS_DIALOG
  force_close (alert);
#else
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
}

const char *
mig_alert_get_body (GtkWidget *alert)
{
#ifdef MIG_ALERT_IS_DIALOG
  return g_object_get_data (G_OBJECT (alert), "mig-alert-body");
#else
  const char *body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (alert));

  return body != NULL && *body != '\0' ? body : NULL;
#endif
}

static gboolean
is_alert_with_heading (GtkWidget  *widget,
                       const char *heading)
{
#ifdef MIG_ALERT_IS_DIALOG
  if (!ADW_IS_ALERT_DIALOG (widget))
    return FALSE;
#else
  if (!ADW_IS_MESSAGE_DIALOG (widget))
    return FALSE;
#endif
  return heading == NULL || g_strcmp0 (mig_alert_get_heading (widget), heading) == 0;
}

static GtkWidget *
find_in (GtkWidget  *widget,
         const char *heading)
{
  if (is_alert_with_heading (widget, heading))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_in (child, heading);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
mig_alert_find (GtkWidget  *window,
                const char *heading)
{
  g_autoptr(GListModel) toplevels = NULL;
  GtkWidget *found = NULL;

  /* Within the window (AdwAlertDialog, or AdwMessageDialog as a child)... */
  if (window != NULL && (found = find_in (window, heading)) != NULL)
    return found;
  /* ...or a window of its own, over it or standing alone. */
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (window != NULL && toplevel != window &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) != GTK_WINDOW (window))
        continue;
      if (gtk_widget_get_visible (toplevel))
        found = find_in (toplevel, heading);
    }
  return found;
}
