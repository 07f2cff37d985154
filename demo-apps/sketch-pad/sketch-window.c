/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "sketch-canvas.h"
#include "sketch-window.h"

/*
 * The sketch pad's window: the drawing, the palette and the players'
 * panel, three forms that may each live on another device.  "Send a
 * Part" opens libmigui's "Send Part to Device" dialog for each, and
 * lists, for every device found, the palette (moved there), the players'
 * panel (shared) and the drawing (shown, read-only).  The
 * drawing's pen follows the palette wherever the palette is.
 */

struct _SketchWindow
{
  MigWindow      parent_instance;

  SketchBoard   *board;
  SketchPalette *palette;
  SketchPlayers *players;
  GtkWidget     *send_button;
  AdwToastOverlay *overlay;
  GMenu         *send_menu;
};

G_DEFINE_FINAL_TYPE (SketchWindow, sketch_window, MIG_TYPE_WINDOW)

static void
update_pen (SketchWindow *self)
{
  gboolean eraser;
  double thickness;

  /* The window is going: its parts notify as they leave it. */
  if (self->palette == NULL || self->board == NULL)
    return;
  eraser = sketch_palette_get_eraser (self->palette);
  thickness = sketch_palette_get_thickness (self->palette);

  sketch_canvas_set_pen (SKETCH_CANVAS (sketch_board_get_canvas (self->board)),
                         eraser ? "white" : sketch_palette_get_colour (self->palette),
                         eraser ? thickness * 3 : thickness);
}

static void
add_part (GMenu      *section,
          const char *label,
          const char *form,
          const char *peer,
          const char *mode)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "app.send-part", g_variant_new ("(sss)", form, peer, mode));
  g_menu_append_item (section, item);
}

static void
add_picker (GMenu      *section,
            const char *label,
            const char *form)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "win.send-part-to-device", g_variant_new_string (form));
  g_menu_append_item (section, item);
}

/* Each part to any device, through libmigui's dialog; then one section
 * per device found, with what usually goes there. */
static void
rebuild_send_menu (SketchWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GListModel *peers = MIG_IS_APPLICATION (app) ? mig_application_get_peers (MIG_APPLICATION (app)) : NULL;
  guint n = peers != NULL ? g_list_model_get_n_items (peers) : 0;
  g_autoptr(GMenu) parts = g_menu_new ();

  g_menu_remove_all (self->send_menu);
  add_picker (parts, _("Send the _Palette…"), "Palette");
  add_picker (parts, _("Send the P_layers’ Panel…"), "Players");
  add_picker (parts, _("Send the _Drawing…"), "Canvas");
  g_menu_append_section (self->send_menu, NULL, G_MENU_MODEL (parts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MigPeer) peer = g_list_model_get_item (peers, i);
      g_autoptr(GMenu) section = g_menu_new ();
      const char *name = mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : mig_peer_get_id (peer);

      add_part (section, _("Move the Palette There"), "Palette", mig_peer_get_id (peer), "move");
      add_part (section, _("Share the Players’ Panel"), "Players", mig_peer_get_id (peer), "share");
      add_part (section, _("Show the Drawing There"), "Canvas", mig_peer_get_id (peer), "watch");
      g_menu_append_section (self->send_menu, name, G_MENU_MODEL (section));
    }
  gtk_widget_set_tooltip_text (self->send_button, _("Send a part of the sketch pad to another device"));
}

static void
sketch_window_constructed (GObject *object)
{
  SketchWindow *self = SKETCH_WINDOW (object);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  G_OBJECT_CLASS (sketch_window_parent_class)->constructed (object);
  if (MIG_IS_APPLICATION (app))
    g_signal_connect_object (mig_application_get_peers (MIG_APPLICATION (app)), "items-changed",
                             G_CALLBACK (rebuild_send_menu), self, G_CONNECT_SWAPPED);
  rebuild_send_menu (self);
}

static void
sketch_window_dispose (GObject *object)
{
  SketchWindow *self = SKETCH_WINDOW (object);

  g_clear_object (&self->send_menu);
  /* Its parts go with it: nobody asks for them any more. */
  self->board = NULL;
  self->palette = NULL;
  self->players = NULL;
  G_OBJECT_CLASS (sketch_window_parent_class)->dispose (object);
}

static void
sketch_window_class_init (SketchWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = sketch_window_constructed;
  G_OBJECT_CLASS (klass)->dispose = sketch_window_dispose;
}

static void
sketch_window_init (SketchWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *overlay = adw_toast_overlay_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Sketch Pad"));
  gtk_window_set_default_size (GTK_WINDOW (self), 960, 640);
  self->send_menu = g_menu_new ();
  self->send_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->send_button), "send-to-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->send_button), G_MENU_MODEL (self->send_menu));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Send a Part"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->send_button);
  gtk_box_append (GTK_BOX (box), header);

  self->board = g_object_new (SKETCH_TYPE_BOARD, NULL);
  self->palette = g_object_new (SKETCH_TYPE_PALETTE, NULL);
  self->players = g_object_new (SKETCH_TYPE_PLAYERS, NULL);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->board));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->palette));
  gtk_box_append (GTK_BOX (side), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->players));
  gtk_widget_set_size_request (side, 280, -1);
  gtk_paned_set_end_child (GTK_PANED (paned), side);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  self->overlay = ADW_TOAST_OVERLAY (overlay);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), overlay);

  /* The pen follows the palette, changed here or on another device. */
  g_signal_connect_object (self->palette, "notify", G_CALLBACK (update_pen), self, G_CONNECT_SWAPPED);
  for (GtkWidget *w = gtk_widget_get_first_child (mig_form_get_child (MIG_FORM (self->palette))); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BOX (w))
      g_signal_connect_object (gtk_widget_get_last_child (w), "notify", G_CALLBACK (update_pen), self,
                               G_CONNECT_SWAPPED);
  update_pen (self);
}

SketchWindow *
sketch_window_new (GtkApplication *app)
{
  return g_object_new (SKETCH_TYPE_WINDOW, "application", app, NULL);
}

SketchBoard *
sketch_window_get_board (SketchWindow *self)
{
  return self->board;
}

SketchPalette *
sketch_window_get_palette (SketchWindow *self)
{
  return self->palette;
}

SketchPlayers *
sketch_window_get_players (SketchWindow *self)
{
  return self->players;
}

void
sketch_window_show_message (SketchWindow *self,
                            const char   *message)
{
  adw_toast_overlay_add_toast (self->overlay, adw_toast_new (message));
}
