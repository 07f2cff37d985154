/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mig-form-tree-private.h"
#include "mig-state-private.h"
#include "mig-test-utils.h"

/*
 * One round trip per adapter, on the gallery's real window: set a value
 * that is not the default, checkpoint, serialize, parse, restore into a
 * fresh window and compare.
 */

typedef struct
{
  const char *path;
  const char *id;
  void (*set) (GtkWidget *widget);
  void (*check) (GtkWidget *widget);
} AdapterCase;

static GtkWidget *
get (GalleryWindow *window,
     const char    *id)
{
  GtkWidget *widget = mig_test_find (window, id);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_editable (GtkWidget *w)
{
  gtk_editable_set_text (GTK_EDITABLE (w), "Grüße, ünïcödé ✓");
  gtk_editable_set_position (GTK_EDITABLE (w), 3);
}

static void
check_editable (GtkWidget *w)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w)), ==, "Grüße, ünïcödé ✓");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (w)), ==, 3);
}

static void
set_text_view (GtkWidget *w)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));
  g_autoptr(GString) text = g_string_new (NULL);
  GtkTextIter iter;

  for (int i = 0; i < 80; i++)
    g_string_append_printf (text, "line %d\n", i);
  gtk_text_buffer_set_text (buffer, text->str, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 17);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static void
check_text_view (GtkWidget *w)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_true (g_str_has_prefix (text, "line 0\nline 1\n"));
  g_assert_true (g_str_has_suffix (text, "line 79\n"));
  gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 17);
}

#define BOOL_CASE(name, getter, setter)                                     \
  static void set_##name (GtkWidget *w) { setter (w, TRUE); }               \
  static void check_##name (GtkWidget *w) { g_assert_true (getter (w)); }

static gboolean check_active (GtkWidget *w) { return gtk_check_button_get_active (GTK_CHECK_BUTTON (w)); }
static void check_set_active (GtkWidget *w, gboolean v) { gtk_check_button_set_active (GTK_CHECK_BUTTON (w), v); }
static gboolean toggle_active (GtkWidget *w) { return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (w)); }
static void toggle_set_active (GtkWidget *w, gboolean v) { gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (w), v); }
static gboolean switch_active (GtkWidget *w) { return gtk_switch_get_active (GTK_SWITCH (w)); }
static void switch_set_active (GtkWidget *w, gboolean v) { gtk_switch_set_active (GTK_SWITCH (w), v); }
static gboolean expander_expanded (GtkWidget *w) { return gtk_expander_get_expanded (GTK_EXPANDER (w)); }
static void expander_set_expanded (GtkWidget *w, gboolean v) { gtk_expander_set_expanded (GTK_EXPANDER (w), v); }
/* Deprecated widgets (AdwFlap, AdwLeaflet, GtkColorButton, GtkFontButton)
 * through their properties, as libmigui reaches them. */
static gboolean
get_bool (GtkWidget  *w,
          const char *property)
{
  gboolean value;
  g_object_get (w, property, &value, NULL);
  return value;
}

static gboolean flap_revealed (GtkWidget *w) { return get_bool (w, "reveal-flap"); }
static void flap_set_revealed (GtkWidget *w, gboolean v) { g_object_set (w, "reveal-flap", v, NULL); }

BOOL_CASE (check, check_active, check_set_active)
BOOL_CASE (toggle, toggle_active, toggle_set_active)
BOOL_CASE (switch, switch_active, switch_set_active)
BOOL_CASE (expander, expander_expanded, expander_set_expanded)
BOOL_CASE (flap, flap_revealed, flap_set_revealed)

static void set_radio (GtkWidget *w) { gtk_check_button_set_active (GTK_CHECK_BUTTON (w), TRUE); }

static void
check_radio (GtkWidget *w)
{
  GalleryWindow *window = GALLERY_WINDOW (gtk_widget_get_root (w));

  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (w)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get (window, "radio_small"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get (window, "radio_medium"))));
}

static void set_scale (GtkWidget *w) { gtk_range_set_value (GTK_RANGE (w), 37.5); }
static void check_scale (GtkWidget *w) { g_assert_cmpfloat_with_epsilon (gtk_range_get_value (GTK_RANGE (w)), 37.5, 1e-9); }
static void set_spin (GtkWidget *w) { gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), 512.5); }
static void check_spin (GtkWidget *w) { g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (w)), 512.5, 1e-9); }
static void set_dropdown (GtkWidget *w) { gtk_drop_down_set_selected (GTK_DROP_DOWN (w), 2); }
static void check_dropdown (GtkWidget *w) { g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (w)), ==, 2); }
static void set_combo_row (GtkWidget *w) { adw_combo_row_set_selected (ADW_COMBO_ROW (w), 2); }
static void check_combo_row (GtkWidget *w) { g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (w)), ==, 2); }
static void set_notebook (GtkWidget *w) { gtk_notebook_set_current_page (GTK_NOTEBOOK (w), 2); }
static void check_notebook (GtkWidget *w) { g_assert_cmpint (gtk_notebook_get_current_page (GTK_NOTEBOOK (w)), ==, 2); }
static void set_stack (GtkWidget *w) { gtk_stack_set_visible_child_name (GTK_STACK (w), "third"); }
static void check_stack (GtkWidget *w) { g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (w)), ==, "third"); }
static void set_view_stack (GtkWidget *w) { adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (w), "sent"); }
static void check_view_stack (GtkWidget *w) { g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (w)), ==, "sent"); }
static void set_leaflet (GtkWidget *w) { g_object_set (w, "visible-child-name", "content", NULL); }

static void
check_leaflet (GtkWidget *w)
{
  g_autofree char *name = NULL;
  g_object_get (w, "visible-child-name", &name, NULL);
  g_assert_cmpstr (name, ==, "content");
}
static void set_paned (GtkWidget *w) { gtk_paned_set_position (GTK_PANED (w), 231); }
static void check_paned (GtkWidget *w) { g_assert_cmpint (gtk_paned_get_position (GTK_PANED (w)), ==, 231); }

static void
set_calendar (GtkWidget *w)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (1999, 12, 31, 0, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (w), date);
}

static void
check_calendar (GtkWidget *w)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (GTK_CALENDAR (w));
  g_assert_cmpint (g_date_time_get_year (date), ==, 1999);
  g_assert_cmpint (g_date_time_get_month (date), ==, 12);
  g_assert_cmpint (g_date_time_get_day_of_month (date), ==, 31);
}

static void
set_color (GtkWidget *w)
{
  GdkRGBA rgba = { 0.25, 0.5, 0.75, 1 };
  g_object_set (w, "rgba", &rgba, NULL);
}

static void
check_color (GtkWidget *w)
{
  g_autoptr(GdkRGBA) rgba = NULL;
  g_object_get (w, "rgba", &rgba, NULL);
  g_assert_cmpfloat_with_epsilon (rgba->red, 0.25, 0.01);
  g_assert_cmpfloat_with_epsilon (rgba->green, 0.5, 0.01);
  g_assert_cmpfloat_with_epsilon (rgba->blue, 0.75, 0.01);
}

static void set_font (GtkWidget *w) { g_object_set (w, "font", "Monospace Bold 17", NULL); }

static void
check_font (GtkWidget *w)
{
  g_autofree char *font = NULL;
  g_object_get (w, "font", &font, NULL);
  g_assert_cmpstr (font, ==, "Monospace Bold 17");
}

static void
set_listbox (GtkWidget *w)
{
  gtk_list_box_select_row (GTK_LIST_BOX (w), gtk_list_box_get_row_at_index (GTK_LIST_BOX (w), 2));
  gtk_list_box_select_row (GTK_LIST_BOX (w), gtk_list_box_get_row_at_index (GTK_LIST_BOX (w), 5));
}

static void
check_listbox (GtkWidget *w)
{
  g_autoptr(GList) rows = gtk_list_box_get_selected_rows (GTK_LIST_BOX (w));
  gboolean seen[30] = { FALSE };

  g_assert_cmpuint (g_list_length (rows), ==, 2);
  for (GList *l = rows; l != NULL; l = l->next)
    seen[gtk_list_box_row_get_index (l->data)] = TRUE;
  g_assert_true (seen[2] && seen[5]);
}

static GtkSelectionModel *
model_of (GtkWidget *w)
{
  GtkSelectionModel *model;
  g_object_get (w, "model", &model, NULL);
  g_object_unref (model);
  return model;
}

static void
set_listview (GtkWidget *w)
{
  gtk_selection_model_select_item (model_of (w), 3, FALSE);
  gtk_selection_model_select_item (model_of (w), 170, FALSE);
}

static void
check_listview (GtkWidget *w)
{
  g_autoptr(GtkBitset) selection = gtk_selection_model_get_selection (model_of (w));

  g_assert_cmpuint (gtk_bitset_get_size (selection), ==, 2);
  g_assert_true (gtk_bitset_contains (selection, 3));
  g_assert_true (gtk_bitset_contains (selection, 170));
}

static void set_gridview (GtkWidget *w) { gtk_selection_model_select_item (model_of (w), 42, TRUE); }
static void check_gridview (GtkWidget *w) { g_assert_true (gtk_selection_model_is_selected (model_of (w), 42)); g_assert_false (gtk_selection_model_is_selected (model_of (w), 0)); }

static void
set_expander_row (GtkWidget *w)
{
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w), TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (w), TRUE);
}

static void check_expander_row (GtkWidget *w) { g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (w))); }
static void set_tab_view (GtkWidget *w) { adw_tab_view_set_selected_page (ADW_TAB_VIEW (w), adw_tab_view_get_nth_page (ADW_TAB_VIEW (w), 2)); }
static void check_tab_view (GtkWidget *w) { g_assert_true (adw_tab_view_get_selected_page (ADW_TAB_VIEW (w)) == adw_tab_view_get_nth_page (ADW_TAB_VIEW (w), 2)); }

/* Scroll positions are semantic: restored once the target has laid out. */
static gboolean
has_range (gpointer adj)
{
  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj);
}

static GtkAdjustment *
vadjustment (GtkWidget *w)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));

  g_assert_true (mig_test_wait_for (has_range, adj, 5000));
  return adj;
}

static double
fraction (GtkAdjustment *adj)
{
  return gtk_adjustment_get_value (adj) / (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

static void set_scrolled (GtkWidget *w) { GtkAdjustment *adj = vadjustment (w); gtk_adjustment_set_value (adj, 0.5 * (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj))); }

static gboolean
at_half (gpointer adj)
{
  return G_APPROX_VALUE (fraction (adj), 0.5, 0.02);
}

/* The restored fraction is applied from a low-priority idle once the
 * target has laid out; on a loaded machine the text view's validation and
 * the lists' layout can hold that idle back well past a few frames. */
static void
check_scrolled (GtkWidget *w)
{
  GtkAdjustment *adj = vadjustment (w);

  mig_test_wait_for (at_half, adj, 5000);
  g_assert_cmpfloat_with_epsilon (fraction (adj), 0.5, 0.02);
}

static GtkListBoxRow *
top_row (GtkWidget *scrolled)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkListBox *box = GTK_LIST_BOX (gtk_viewport_get_child (GTK_VIEWPORT (viewport)));

  return gtk_list_box_get_row_at_y (box, (int) gtk_adjustment_get_value (vadjustment (scrolled)) + 1);
}

static void
set_listbox_scroll (GtkWidget *w)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (w));
  GtkListBox *box = GTK_LIST_BOX (gtk_viewport_get_child (GTK_VIEWPORT (viewport)));
  graphene_point_t point;

  vadjustment (w);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (gtk_list_box_get_row_at_index (box, 12)),
                                           GTK_WIDGET (box), &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (vadjustment (w), point.y);
  g_assert_cmpint (gtk_list_box_row_get_index (top_row (w)), ==, 12);
}

static gboolean
row_12_on_top (gpointer w)
{
  mig_test_flush ();
  return top_row (w) != NULL && gtk_list_box_row_get_index (top_row (w)) == 12;
}

/* Restored once the list is laid out, whenever that is on a busy machine. */
static void
check_listbox_scroll (GtkWidget *w)
{
  if (!mig_test_wait_for (row_12_on_top, w, 3000))
    g_assert_cmpint (gtk_list_box_row_get_index (top_row (w)), ==, 12);
}

/* The number of the item shown at the top of a scrolled list view, read
 * from the label the user sees there. */
static int
top_item_shown (GtkWidget *scrolled)
{
  GtkWidget *view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *picked;
  int n = -1;

  mig_test_flush ();
  picked = gtk_widget_pick (view, 20, 3, GTK_PICK_DEFAULT);
  while (picked != NULL && !GTK_IS_LABEL (picked))
    picked = gtk_widget_get_first_child (picked);
  g_assert_nonnull (picked);
  g_assert_cmpint (sscanf (gtk_label_get_label (GTK_LABEL (picked)), "Item %d", &n), ==, 1);
  return n;
}

static int saved_top;

static void
set_listview_scroll (GtkWidget *w)
{
  GtkAdjustment *adj = vadjustment (w);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) * 0.6);
  saved_top = top_item_shown (w);
  g_assert_cmpint (saved_top, >, 50);
}

static gboolean
shows_saved_top_item (gpointer w)
{
  return ABS (top_item_shown (w) - saved_top) <= 2;
}

/* Restored once the view is laid out, whenever that is on a busy machine. */
static void
check_listview_scroll (GtkWidget *w)
{
  vadjustment (w);
  if (!mig_test_wait_for (shows_saved_top_item, w, 3000))
    g_assert_cmpint (ABS (top_item_shown (w) - saved_top), <=, 2);
}

static int
top_line (GtkWidget *w)
{
  GdkRectangle rect;
  GtkTextIter iter;

  mig_test_flush ();
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (w), &rect);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (w), &iter, rect.y, NULL);
  return gtk_text_iter_get_line (&iter);
}

static gboolean
scrolled_down (gpointer w)
{
  return top_line (w) >= 38;
}

static void
set_text_view_scroll (GtkWidget *w)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));
  GtkTextIter iter;

  set_text_view (w);
  mig_test_flush ();
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 40);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (w), gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE),
                                0, TRUE, 0, 0);
  /* The scroll happens with the next frames, which a compositor may pace. */
  mig_test_wait_for (scrolled_down, w, 3000);
  saved_top = top_line (w);
  g_assert_cmpint (saved_top, >=, 38);
}

static gboolean
shows_saved_top_line (gpointer w)
{
  return ABS (top_line (w) - saved_top) <= 1;
}

/* Text views lay out in idle time: the saved line must be on top once
 * they are done, whenever that is. */
static void
check_text_view_scroll (GtkWidget *w)
{
  check_text_view (w);
  if (!mig_test_wait_for (shows_saved_top_line, w, 3000))
    g_assert_cmpint (top_line (w), ==, saved_top);
}

static const AdapterCase cases[] = {
  { "/Mig/Adapters/entry", "entry", set_editable, check_editable },
  { "/Mig/Adapters/text", "text", set_editable, check_editable },
  { "/Mig/Adapters/search-entry", "search", set_editable, check_editable },
  { "/Mig/Adapters/editable-label", "editable_label", set_editable, check_editable },
  { "/Mig/Adapters/entry-row", "entry_row", set_editable, check_editable },
  { "/Mig/Adapters/text-view", "textview", set_text_view, check_text_view },
  { "/Mig/Adapters/check-button", "check", set_check, check_check },
  { "/Mig/Adapters/radio-group", "radio_large", set_radio, check_radio },
  { "/Mig/Adapters/toggle-button", "toggle", set_toggle, check_toggle },
  { "/Mig/Adapters/switch", "switch", set_switch, check_switch },
  { "/Mig/Adapters/scale", "scale", set_scale, check_scale },
  { "/Mig/Adapters/spin-button", "spin", set_spin, check_spin },
  { "/Mig/Adapters/drop-down", "dropdown", set_dropdown, check_dropdown },
  { "/Mig/Adapters/calendar", "calendar", set_calendar, check_calendar },
  { "/Mig/Adapters/color-button", "color", set_color, check_color },
  { "/Mig/Adapters/font-button", "font", set_font, check_font },
  { "/Mig/Adapters/list-box", "listbox", set_listbox, check_listbox },
  { "/Mig/Adapters/list-view", "listview", set_listview, check_listview },
  { "/Mig/Adapters/grid-view", "gridview", set_gridview, check_gridview },
  { "/Mig/Adapters/notebook", "notebook", set_notebook, check_notebook },
  { "/Mig/Adapters/stack", "stack", set_stack, check_stack },
  { "/Mig/Adapters/paned", "paned", set_paned, check_paned },
  { "/Mig/Adapters/expander", "expander", set_expander, check_expander },
  { "/Mig/Adapters/scrolled-window", "scrolled", set_scrolled, check_scrolled },
  { "/Mig/Adapters/scrolled-list-top-row", "listbox_scroll", set_listbox_scroll, check_listbox_scroll },
  { "/Mig/Adapters/scrolled-list-view-top-item", "listview_scroll", set_listview_scroll, check_listview_scroll },
  { "/Mig/Adapters/text-view-top-line", "textview", set_text_view_scroll, check_text_view_scroll },
  { "/Mig/Adapters/expander-row", "expander_row", set_expander_row, check_expander_row },
  { "/Mig/Adapters/nested-switch-in-expander-row", "verbose", set_switch, check_switch },
  { "/Mig/Adapters/combo-row", "combo_row", set_combo_row, check_combo_row },
  { "/Mig/Adapters/view-stack", "view_stack", set_view_stack, check_view_stack },
  { "/Mig/Adapters/leaflet", "leaflet", set_leaflet, check_leaflet },
  { "/Mig/Adapters/flap", "flap", set_flap, check_flap },
  { "/Mig/Adapters/tab-view", "tab_view", set_tab_view, check_tab_view },
};

static GalleryWindow *
roundtrip_into_fresh_window (GalleryApplication *app,
                             GalleryWindow      *window,
                             char              **out_data)
{
  g_autoptr(MigFormTree) tree = mig_application_checkpoint (MIG_APPLICATION (app));
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) restored = NULL;
  GalleryWindow *result;

  g_assert_nonnull (tree);
  if (out_data != NULL)
    *out_data = mig_form_tree_to_data (tree, NULL);
  copy = mig_test_roundtrip (tree);

  gtk_window_destroy (GTK_WINDOW (window));
  mig_test_flush ();
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);

  restored = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_WINDOW);
  g_assert_cmpuint (g_list_length (restored), ==, 1);
  result = restored->data;
  g_assert_true (result != window);
  mig_test_flush ();
  return result;
}

static void
test_adapter (gconstpointer data)
{
  const AdapterCase *c = data;
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  GalleryWindow *restored;

  c->set (get (window, c->id));
  c->check (get (window, c->id));
  restored = roundtrip_into_fresh_window (app, window, NULL);
  c->check (get (restored, c->id));

  mig_test_quit_app (g_steal_pointer (&app));
}

static gint64
saved_int (MigFormTree *tree,
           const char  *id,
           const char  *name)
{
  JsonObject *widgets = mig_json_get_object (mig_form_tree_get_window (tree, 0), "widgets");
  JsonObject *props = mig_json_get_object (mig_json_get_object (widgets, id), "props");

  g_assert_nonnull (props);
  g_assert_true (json_object_has_member (props, name));
  return json_object_get_int_member (props, name);
}

/* A checkpoint taken after a restore, before the list and the text are
 * laid out and the restored positions applied, still carries them. */
static void
test_pending_scroll_kept (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(MigFormTree) again = NULL;
  g_autoptr(GError) error = NULL;

  GtkWidget *text = get (window, "textview");
  GtkTextIter iter;

  set_listview_scroll (get (window, "listview_scroll"));
  /* Down the text, wherever its incremental layout lets it land. */
  set_text_view (text);
  mig_test_flush ();
  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), &iter, 40);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (text), &iter, 0, TRUE, 0, 0);
  mig_test_wait_for (scrolled_down, text, 3000);
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  g_assert_cmpint (saved_int (tree, "listview_scroll", "top-item"), >, 50);
  g_assert_cmpint (saved_int (tree, "textview", "top-line"), >, 10);
  copy = mig_test_roundtrip (tree);
  gtk_window_destroy (GTK_WINDOW (window));
  mig_test_flush ();

  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);
  /* No main loop turn yet: nothing is laid out. */
  again = mig_application_checkpoint (MIG_APPLICATION (app));
  g_assert_cmpint (saved_int (again, "listview_scroll", "top-item"), ==, saved_int (tree, "listview_scroll", "top-item"));
  g_assert_cmpint (saved_int (again, "textview", "top-line"), ==, saved_int (tree, "textview", "top-line"));

  mig_test_quit_app (g_steal_pointer (&app));
}

/* The same ID in two instances of one form: scoped, so both survive. */
static void
test_form_scope (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  GtkWidget *home = get (window, "home_contact");
  GtkWidget *work = get (window, "work_contact");
  GalleryWindow *restored;

  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (home, "name")), "Home Name");
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (work, "name")), "Work Name");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mig_test_find (work, "preferred")), TRUE);

  restored = roundtrip_into_fresh_window (app, window, NULL);
  home = get (restored, "home_contact");
  work = get (restored, "work_contact");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (home, "name"))), ==, "Home Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (work, "name"))), ==, "Work Name");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (mig_test_find (home, "preferred"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (mig_test_find (work, "preferred"))));

  mig_test_quit_app (g_steal_pointer (&app));
}

/* Password fields never leave the device unless the app opts them in. */
static void
test_password_excluded (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autofree char *data = NULL;
  GalleryWindow *restored;

  gtk_editable_set_text (GTK_EDITABLE (get (window, "password")), "s3cret-entry");
  gtk_editable_set_text (GTK_EDITABLE (get (window, "password_row")), "s3cret-row");
  restored = roundtrip_into_fresh_window (app, window, &data);

  g_assert_null (strstr (data, "s3cret"));
  g_assert_null (strstr (data, "\"password\""));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (restored, "password"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (restored, "password_row"))), ==, "");

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_password_opted_in (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autofree char *data = NULL;
  GalleryWindow *restored;

  mig_widget_set_continuable (get (window, "password"), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (get (window, "password")), "s3cret-entry");
  gtk_editable_set_text (GTK_EDITABLE (get (window, "password_row")), "s3cret-row");
  restored = roundtrip_into_fresh_window (app, window, &data);

  g_assert_nonnull (strstr (data, "s3cret-entry"));
  g_assert_null (strstr (data, "s3cret-row"));
  /* The opt-in is the source app's decision; the target restores the value. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (restored, "password"))), ==, "s3cret-entry");

  mig_test_quit_app (g_steal_pointer (&app));
}

/* IDs of toolkit internals and GtkBuilder's generated names never appear. */
static void
test_no_internal_ids (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigFormTree) tree = NULL;
  g_autofree char *data = NULL;

  mig_test_new_gallery_window (app);
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  data = mig_form_tree_to_data (tree, NULL);

  g_assert_null (strstr (data, "___object_"));
  g_assert_null (strstr (data, "\"enable_switch\""));
  g_assert_null (strstr (data, "AdwViewSwitcherButton"));
  g_assert_null (strstr (data, "\"GalleryWindow\":"));
  g_assert_nonnull (strstr (data, "\"verbose\""));

  mig_test_quit_app (g_steal_pointer (&app));
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_adapter);
  g_test_add_func ("/Mig/Adapters/form-scope", test_form_scope);
  g_test_add_func ("/Mig/Adapters/pending-scroll-kept", test_pending_scroll_kept);
  g_test_add_func ("/Mig/Adapters/password-excluded", test_password_excluded);
  g_test_add_func ("/Mig/Adapters/password-opted-in", test_password_opted_in);
  g_test_add_func ("/Mig/Adapters/no-internal-ids", test_no_internal_ids);

  return mig_test_run ();
}
