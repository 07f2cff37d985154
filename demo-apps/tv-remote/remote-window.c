/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */


#include <glib/gi18n.h>

#include "remote-application.h"
#include "remote-window.h"
#include "tv-protocol.h"

/*
 * The remote's one window, phone-sized: "now playing", channel and volume
 * keys, and the programme guide, whose selection and scroll position move
 * with the application like any widget with an ID.
 */

struct _RemoteWindow
{
  MigWindow parent_instance;

  GtkWidget *now_playing;
  GtkWidget *status;
  GtkWidget *guide;
  gboolean restoring;
};

G_DEFINE_FINAL_TYPE (RemoteWindow, remote_window, MIG_TYPE_WINDOW)

static RemoteApplication *
app_of (RemoteWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? REMOTE_APPLICATION (app) : NULL;
}

static void
update (RemoteWindow *self)
{
  RemoteApplication *app = app_of (self);

  if (app == NULL)
    return;
  gtk_label_set_label (GTK_LABEL (self->now_playing), remote_application_get_now_playing (app));
  gtk_label_set_label (GTK_LABEL (self->status), remote_application_get_connected (app) ?
                                                 _("Connected to the TV") : _("Finding the TV…"));
}

static void
row_selected_cb (GtkListBox    *box,
                 GtkListBoxRow *row,
                 RemoteWindow  *self)
{
  /* A restored selection is the TV's already: it is not sent again. */
  if (row != NULL && app_of (self) != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    remote_application_select (app_of (self), gtk_list_box_row_get_index (row));
}

static void
app_notify_cb (GObject      *app,
               GParamSpec   *pspec,
               RemoteWindow *self)
{
  update (self);
}

/* A spare window is built before it has an application: it follows the
 * application's "now playing" from when it gets one. */
static void
application_set_cb (RemoteWindow *self)
{
  RemoteApplication *app = app_of (self);

  if (app != NULL)
    g_signal_connect_object (app, "notify", G_CALLBACK (app_notify_cb), self, 0);
  update (self);
}

static GtkWidget *
key_button (const char *icon,
            const char *label,
            const char *key)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.key");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_size_request (button, 56, 56);
  return button;
}

static void
remote_window_class_init (RemoteWindowClass *klass)
{
}

static void
remote_window_init (RemoteWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *send = gtk_button_new_from_icon_name ("send-to-symbolic");
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *keys = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("TV Remote"));
  gtk_window_set_default_size (GTK_WINDOW (self), 360, 640);

  gtk_widget_set_tooltip_text (send, _("Send to Device"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (send), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Send to Device"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (send), "win.send-to-device");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), send);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_vexpand (content, TRUE);

  self->now_playing = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->now_playing, "title-3");
  gtk_label_set_wrap (GTK_LABEL (self->now_playing), TRUE);
  self->status = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status, "dim-label");
  gtk_box_append (GTK_BOX (content), self->now_playing);
  gtk_box_append (GTK_BOX (content), self->status);

  gtk_grid_set_column_spacing (GTK_GRID (keys), 24);
  gtk_grid_set_row_spacing (GTK_GRID (keys), 12);
  gtk_widget_set_halign (keys, GTK_ALIGN_CENTER);
  gtk_grid_attach (GTK_GRID (keys), key_button ("go-up-symbolic", _("Next channel"), "channel-up"), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (keys), key_button ("go-down-symbolic", _("Previous channel"), "channel-down"),
                   0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (keys), key_button ("audio-volume-high-symbolic", _("Louder"), "volume-up"),
                   1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (keys), key_button ("audio-volume-low-symbolic", _("Quieter"), "volume-down"),
                   1, 1, 1, 1);
  gtk_box_append (GTK_BOX (content), keys);

  self->guide = gtk_list_box_new ();
  gtk_widget_add_css_class (self->guide, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->guide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Programme guide"), -1);
  for (guint i = 0; i < TV_N_PROGRAMMES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf (_("Channel %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tv_programme (i));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (self->guide), row);
    }
  g_signal_connect (self->guide, "row-selected", G_CALLBACK (row_selected_cb), self);
  mig_widget_set_state_id (self->guide, "guide");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->guide);
  gtk_widget_set_vexpand (scrolled, TRUE);
  mig_widget_set_state_id (scrolled, "guide-scroll");
  gtk_box_append (GTK_BOX (content), scrolled);

  gtk_box_append (GTK_BOX (box), content);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_set_cb), NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), box);
}

/* Selects a programme in the guide, as a tap on it would. */
void
remote_window_select (RemoteWindow *self,
                      guint         programme)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->guide), programme);

  if (row != NULL)
    gtk_list_box_select_row (GTK_LIST_BOX (self->guide), row);
}
