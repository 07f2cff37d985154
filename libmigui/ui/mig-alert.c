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

GtkWidget *
mig_alert_new (const char *heading,
               const char *body)
{
#ifdef MIG_ALERT_IS_DIALOG
  AdwDialog *alert = adw_alert_dialog_new (heading, body);

  if (heading != NULL)
    adw_dialog_set_title (alert, heading);
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
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), child);
#else
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (alert), child);
#endif
}

const char *
mig_alert_get_heading (GtkWidget *alert)
{
#ifdef MIG_ALERT_IS_DIALOG
  return adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (alert));
#else
  return adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (alert));
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
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (alert), id);
#endif
  g_object_unref (alert);
}

void
mig_alert_close (GtkWidget *alert)
{
#ifdef MIG_ALERT_IS_DIALOG
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  gtk_window_destroy (GTK_WINDOW (alert));
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
