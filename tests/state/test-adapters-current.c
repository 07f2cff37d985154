/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The widgets of current toolkits and the deprecated ones of older
 * applications, each checkpointed, serialized, parsed and restored into a
 * new window; and the widgets a walk of the widget tree does not reach.
 * The window is built from GtkBuilder XML, so that deprecated widgets are
 * made without a deprecated call and newer ones only where the toolkit has
 * them (the others are skipped).
 */

#include <migui.h>

#include "mig-test-utils.h"

#define TEST_TYPE_WINDOW (test_window_get_type ())
G_DECLARE_FINAL_TYPE (TestWindow, test_window, TEST, WINDOW, MigWindow)

struct _TestWindow
{
  MigWindow parent_instance;
  GtkBuilder *builder;
};

G_DEFINE_FINAL_TYPE (TestWindow, test_window, MIG_TYPE_WINDOW)

static const char window_ui[] =
  "<interface>"
  "<object class='GtkBox' id='box'><property name='orientation'>vertical</property>"
  /* Widgets every toolkit has. */
  "<child><object class='GtkSearchBar' id='search_bar'>"
  "  <child><object class='GtkSearchEntry' id='search_entry'/></child></object></child>"
  "<child><object class='GtkScaleButton' id='scale_button'><property name='adjustment'>"
  "  <object class='GtkAdjustment'><property name='upper'>100</property>"
  "  <property name='step-increment'>1</property></object></property></object></child>"
  "<child><object class='AdwCarousel' id='carousel'>"
  "  <child><object class='GtkLabel'><property name='label'>1</property></object></child>"
  "  <child><object class='GtkLabel'><property name='label'>2</property></object></child>"
  "  <child><object class='GtkLabel'><property name='label'>3</property></object></child></object></child>"
  /* Deprecated in GTK 4.10, still in many applications. */
  "<child><object class='GtkComboBoxText' id='combo'><items>"
  "  <item id='apple'>Apple</item><item id='pear'>Pear</item><item id='plum'>Plum</item></items></object></child>"
  "<child><object class='GtkComboBoxText' id='combo_entry'><property name='has-entry'>1</property><items>"
  "  <item>Small</item><item>Large</item></items></object></child>"
  /* Collapsed, GTK 4 takes the child out of the widget tree. */
  "<child><object class='GtkExpander' id='expander'>"
  "  <child><object class='GtkEntry' id='in_collapsed_expander'/></child></object></child>"
  "</object>"
  "</interface>";

#if GTK_CHECK_VERSION(4, 10, 0)
static const char gtk_4_10_ui[] =
  "<interface>"
  "<object class='GtkColorDialogButton' id='color_dialog_button'>"
  "  <property name='dialog'><object class='GtkColorDialog'/></property></object>"
  "<object class='GtkFontDialogButton' id='font_dialog_button'>"
  "  <property name='dialog'><object class='GtkFontDialog'/></property></object>"
  "</interface>";
#endif

#if ADW_CHECK_VERSION(1, 4, 0)
static const char adw_1_4_ui[] =
  "<interface>"
  "<object class='AdwSpinRow' id='spin_row'><property name='adjustment'>"
  "  <object class='GtkAdjustment'><property name='upper'>100</property>"
  "  <property name='step-increment'>1</property></object></property></object>"
  "<object class='AdwSwitchRow' id='switch_row'/>"
  "<object class='AdwTabOverview' id='tab_overview'><property name='view'>overview_tabs</property>"
  "  <property name='child'><object class='AdwTabView' id='overview_tabs'>"
  "    <child><object class='GtkLabel'/></child><child><object class='GtkLabel'/></child></object></property></object>"
  "<object class='AdwOverlaySplitView' id='overlay_split_view'>"
  "  <property name='sidebar'><object class='GtkLabel'/></property>"
  "  <property name='content'><object class='GtkLabel'/></property></object>"
  "<object class='AdwNavigationSplitView' id='navigation_split_view'>"
  "  <property name='sidebar'><object class='AdwNavigationPage'><property name='title'>S</property>"
  "    <property name='child'><object class='GtkLabel'/></property></object></property>"
  "  <property name='content'><object class='AdwNavigationPage'><property name='title'>C</property>"
  "    <property name='child'><object class='GtkLabel'/></property></object></property></object>"
  "<object class='AdwNavigationView' id='navigation_view'>"
  "  <child><object class='AdwNavigationPage'><property name='tag'>home</property><property name='title'>H</property>"
  "    <property name='child'><object class='GtkLabel'/></property></object></child>"
  "  <child><object class='AdwNavigationPage'><property name='tag'>detail</property><property name='title'>D</property>"
  "    <property name='child'><object class='GtkEntry' id='in_detail'/></property></object></child>"
  "  <child><object class='AdwNavigationPage'><property name='tag'>more</property><property name='title'>M</property>"
  "    <property name='child'><object class='GtkLabel'/></property></object></child></object>"
  "</interface>";
#endif

#if ADW_CHECK_VERSION(1, 6, 0)
static const char adw_1_6_ui[] =
  "<interface>"
  "<object class='AdwBottomSheet' id='bottom_sheet'>"
  "  <property name='content'><object class='GtkLabel'/></property>"
  "  <property name='sheet'><object class='GtkLabel'/></property></object>"
  "</interface>";
#endif

#if ADW_CHECK_VERSION(1, 7, 0)
static const char adw_1_7_ui[] =
  "<interface>"
  "<object class='AdwToggleGroup' id='toggle_group'>"
  "  <child><object class='AdwToggle'><property name='name'>list</property><property name='label'>L</property></object></child>"
  "  <child><object class='AdwToggle'><property name='name'>grid</property><property name='label'>G</property></object></child>"
  "  <child><object class='AdwToggle'><property name='label'>Unnamed</property></object></child></object>"
  "</interface>";
#endif

/* Adds the widgets of @ui named in @ids (NULL-terminated) to @box. */
G_GNUC_UNUSED static void
add_ui (TestWindow  *self,
        GtkBox      *box,
        const char  *ui,
        const char **ids)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_string (ui, -1);

  for (; *ids != NULL; ids++)
    {
      GObject *object = gtk_builder_get_object (builder, *ids);

      g_assert_nonnull (object);
      gtk_box_append (box, GTK_WIDGET (object));
      gtk_builder_expose_object (self->builder, *ids, object);
    }
}

/* The column view, made in code: its model, sorter and columns. */
static GtkWidget *
new_column_view (void)
{
  const char *items[] = { "pear", "apple", "plum", NULL };
  GtkSortListModel *sorted = gtk_sort_list_model_new (G_LIST_MODEL (gtk_string_list_new (items)), NULL);
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));

  for (int i = 0; i < 2; i++)
    {
      GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
      GtkStringSorter *sorter = gtk_string_sorter_new (expression);
      g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (i == 0 ? "First" : "Second", NULL);

      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
#if GTK_CHECK_VERSION(4, 10, 0)
      gtk_column_view_column_set_id (column, i == 0 ? "first" : "second");
#endif
      gtk_column_view_append_column (view, column);
    }
  gtk_sort_list_model_set_sorter (sorted, gtk_column_view_get_sorter (view));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (sorted))));
  mig_widget_set_state_id (GTK_WIDGET (view), "column_view");
  return GTK_WIDGET (view);
}

/* A tree view (deprecated in GTK 4.10, as are its model and selection,
 * which a test of it cannot do without): five rows of three children. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static GtkWidget *
new_tree_view (TestWindow *self)
{
  GtkTreeStore *store = gtk_tree_store_new (1, G_TYPE_STRING);
  GtkWidget *view = gtk_tree_view_new_with_model (GTK_TREE_MODEL (store));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkTreeIter parent, child;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Row %d", i);

      gtk_tree_store_insert_with_values (store, &parent, NULL, -1, 0, name, -1);
      for (int j = 0; j < 3; j++)
        {
          g_autofree char *child_name = g_strdup_printf ("Row %d:%d", i, j);

          gtk_tree_store_insert_with_values (store, &child, &parent, -1, 0, child_name, -1);
        }
    }
  g_object_unref (store);
  gtk_tree_view_insert_column_with_attributes (GTK_TREE_VIEW (view), -1, "Name", gtk_cell_renderer_text_new (),
                                               "text", 0, NULL);
  gtk_tree_selection_set_mode (gtk_tree_view_get_selection (GTK_TREE_VIEW (view)), GTK_SELECTION_MULTIPLE);
  mig_widget_set_state_id (view, "tree_view");
  gtk_builder_expose_object (self->builder, "tree_view", G_OBJECT (view));
  gtk_widget_set_size_request (scrolled, 200, 120);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  return scrolled;
}

static void
set_tree_view (GObject *w)
{
  GtkTreeView *view = GTK_TREE_VIEW (w);
  GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
  g_autoptr(GtkTreePath) one = gtk_tree_path_new_from_string ("1");
  g_autoptr(GtkTreePath) three = gtk_tree_path_new_from_string ("3");
  g_autoptr(GtkTreePath) cursor = gtk_tree_path_new_from_string ("3:1");
  g_autoptr(GtkTreePath) top = gtk_tree_path_new_from_string ("1:1");

  gtk_tree_view_expand_row (view, one, FALSE);
  gtk_tree_view_expand_row (view, three, FALSE);
  gtk_tree_view_set_cursor (view, cursor, NULL, FALSE);
  gtk_tree_selection_unselect_all (selection);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_string (i == 0 ? "1:2" : "4");

      gtk_tree_selection_select_path (selection, path);
    }
  gtk_tree_view_scroll_to_cell (view, top, NULL, TRUE, 0, 0);
}

static gboolean
tree_view_top_is_1_1 (gpointer w)
{
  GtkTreePath *start = NULL, *end = NULL;
  g_autofree char *top = NULL;

  mig_test_flush ();
  if (!gtk_tree_view_get_visible_range (w, &start, &end))
    return FALSE;
  top = gtk_tree_path_to_string (start);
  gtk_tree_path_free (start);
  gtk_tree_path_free (end);
  return g_str_equal (top, "1:1");
}

static void
check_tree_view (GObject *w)
{
  GtkTreeView *view = GTK_TREE_VIEW (w);
  GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
  g_autoptr(GtkTreePath) cursor = NULL;
  g_autofree char *cursor_string = NULL;
  const char *expanded[] = { "1", "3" }, *collapsed[] = { "0", "2", "4" }, *selected[] = { "1:2", "4" };

  for (guint i = 0; i < G_N_ELEMENTS (expanded); i++)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_string (expanded[i]);

      g_assert_true (gtk_tree_view_row_expanded (view, path));
    }
  for (guint i = 0; i < G_N_ELEMENTS (collapsed); i++)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_string (collapsed[i]);

      g_assert_false (gtk_tree_view_row_expanded (view, path));
    }
  g_assert_cmpint (gtk_tree_selection_count_selected_rows (selection), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (selected); i++)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_string (selected[i]);

      g_assert_true (gtk_tree_selection_path_is_selected (selection, path));
    }
  gtk_tree_view_get_cursor (view, &cursor, NULL);
  cursor_string = gtk_tree_path_to_string (cursor);
  g_assert_cmpstr (cursor_string, ==, "3:1");
  g_assert_true (mig_test_wait_for (tree_view_top_is_1_1, view, 3000));
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* Two text views of one buffer, each scrolled to its own line. */
static GtkWidget *
new_shared_text_views (TestWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkTextBuffer *buffer = gtk_text_buffer_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 0; i < 300; i++)
    g_string_append_printf (text, "Line %d of a text shown twice\n", i);
  gtk_text_buffer_set_text (buffer, text->str, -1);
  for (int i = 0; i < 2; i++)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *view = gtk_text_view_new_with_buffer (buffer);
      const char *id = i == 0 ? "first_view" : "second_view";

      gtk_widget_set_size_request (scrolled, 200, 150);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
      mig_widget_set_state_id (view, id);
      gtk_builder_expose_object (self->builder, id, G_OBJECT (view));
      gtk_box_append (GTK_BOX (box), scrolled);
    }
  g_object_unref (buffer);
  return box;
}

static void
test_window_dispose (GObject *object)
{
  g_clear_object (&TEST_WINDOW (object)->builder);
  G_OBJECT_CLASS (test_window_parent_class)->dispose (object);
}

static void
test_window_class_init (TestWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_window_dispose;
}

static void
test_window_init (TestWindow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkBox *box;

  self->builder = gtk_builder_new_from_string (window_ui, -1);
  box = GTK_BOX (gtk_builder_get_object (self->builder, "box"));
#if GTK_CHECK_VERSION(4, 10, 0)
  add_ui (self, box, gtk_4_10_ui, (const char *[]) { "color_dialog_button", "font_dialog_button", NULL });
#endif
#if ADW_CHECK_VERSION(1, 4, 0)
  add_ui (self, box, adw_1_4_ui, (const char *[]) { "spin_row", "switch_row", "tab_overview", "overlay_split_view",
                                                  "navigation_split_view", "navigation_view", NULL });
#endif
#if ADW_CHECK_VERSION(1, 6, 0)
  add_ui (self, box, adw_1_6_ui, (const char *[]) { "bottom_sheet", NULL });
#endif
#if ADW_CHECK_VERSION(1, 7, 0)
  add_ui (self, box, adw_1_7_ui, (const char *[]) { "toggle_group", NULL });
#endif
  gtk_box_append (box, new_column_view ());
  gtk_builder_expose_object (self->builder, "column_view",
                             G_OBJECT (gtk_widget_get_last_child (GTK_WIDGET (box))));
  gtk_box_append (box, new_shared_text_views (self));
  gtk_box_append (box, new_tree_view (self));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (box));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 700);
}

static MigApplication *
test_app (void)
{
  static MigApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = mig_application_new ("org.migui.TestAdaptersCurrent", G_APPLICATION_NON_UNIQUE);
      mig_application_set_recovery_enabled (app, FALSE);
      mig_application_register_window_type (app, TEST_TYPE_WINDOW);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return g_object_ref (app);
}

static gboolean
is_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_height (window) > 0;
}

static TestWindow *
new_window (MigApplication *app)
{
  TestWindow *window = g_object_new (TEST_TYPE_WINDOW, "application", app, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mig_test_wait_for (is_mapped, window, 10000));
  mig_test_flush ();
  return window;
}

static TestWindow *
roundtrip (MigApplication *app,
           TestWindow     *window)
{
  g_autoptr(MigFormTree) tree = mig_application_checkpoint (app);
  g_autoptr(MigFormTree) copy = mig_test_roundtrip (tree);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) windows = NULL;
  TestWindow *restored;

  gtk_window_destroy (GTK_WINDOW (window));
  mig_test_flush ();
  g_assert_true (mig_application_restore (app, copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);
  windows = mig_test_windows_of_type (GTK_APPLICATION (app), TEST_TYPE_WINDOW);
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  restored = windows->data;
  g_assert_true (is_mapped (restored) || mig_test_wait_for (is_mapped, restored, 10000));
  mig_test_flush ();
  return restored;
}

typedef struct
{
  const char *path;
  const char *id;
  void      (*set) (GObject *widget);
  void      (*check) (GObject *widget);
} Case;

static void set_search_bar (GObject *w) { g_object_set (w, "search-mode-enabled", TRUE, NULL); }
static void
check_search_bar (GObject *w)
{
  gboolean on;

  g_object_get (w, "search-mode-enabled", &on, NULL);
  g_assert_true (on);
}

static void set_scale_button (GObject *w) { g_object_set (w, "value", 63.0, NULL); }
static void
check_scale_button (GObject *w)
{
  double value;

  g_object_get (w, "value", &value, NULL);
  g_assert_cmpfloat_with_epsilon (value, 63.0, 1e-9);
}

static void set_carousel (GObject *w) { adw_carousel_scroll_to (ADW_CAROUSEL (w), adw_carousel_get_nth_page (ADW_CAROUSEL (w), 2), FALSE); }
static gboolean on_third_page (gpointer w) { return adw_carousel_get_position (ADW_CAROUSEL (w)) == 2.0; }
/* A carousel scrolls once it is laid out. */
static void
check_carousel (GObject *w)
{
  if (!mig_test_wait_for (on_third_page, w, 3000))
    g_error ("position %f of %u pages, %d wide", adw_carousel_get_position (ADW_CAROUSEL (w)),
             adw_carousel_get_n_pages (ADW_CAROUSEL (w)), gtk_widget_get_width (GTK_WIDGET (w)));
}

static void set_combo (GObject *w) { g_object_set (w, "active-id", "plum", NULL); }
static void
check_combo (GObject *w)
{
  g_autofree char *id = NULL;

  g_object_get (w, "active-id", &id, NULL);
  g_assert_cmpstr (id, ==, "plum");
}

static GtkEditable *
combo_entry (GObject *w)
{
  GtkWidget *child = NULL;

  g_object_get (w, "child", &child, NULL);
  g_object_unref (child);
  return GTK_EDITABLE (child);
}

static void
set_combo_entry (GObject *w)
{
  g_object_set (w, "active", 1, NULL);
  gtk_editable_set_text (combo_entry (w), "Large, typed on");
}

static void
check_combo_entry (GObject *w)
{
  int active;

  g_object_get (w, "active", &active, NULL);
  g_assert_cmpstr (gtk_editable_get_text (combo_entry (w)), ==, "Large, typed on");
}

static void
set_column_view (GObject *w)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (w);
  g_autoptr(GtkColumnViewColumn) second = g_list_model_get_item (gtk_column_view_get_columns (view), 1);

  gtk_column_view_sort_by_column (view, second, GTK_SORT_DESCENDING);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)), 1);
}

static void
check_column_view (GObject *w)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (w);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 1);
  /* The sort column can be read, and so saved, from GTK 4.10 on. */
#if GTK_CHECK_VERSION(4, 10, 0)
  {
    g_autoptr(GtkStringObject) first = g_list_model_get_item (model, 0);

    /* Sorted descending: plum, pear, apple. */
    g_assert_cmpstr (gtk_string_object_get_string (first), ==, "plum");
    GtkColumnViewSorter *sorter = GTK_COLUMN_VIEW_SORTER (gtk_column_view_get_sorter (view));

    g_assert_cmpstr (gtk_column_view_column_get_id (gtk_column_view_sorter_get_primary_sort_column (sorter)),
                     ==, "second");
    g_assert_cmpint (gtk_column_view_sorter_get_primary_sort_order (sorter), ==, GTK_SORT_DESCENDING);
  }
#endif
}

static void set_in_collapsed_expander (GObject *w) { gtk_editable_set_text (GTK_EDITABLE (w), "typed, then folded away"); }
static void
check_in_collapsed_expander (GObject *w)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w)), ==, "typed, then folded away");
  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (w)));
}

#if GTK_CHECK_VERSION(4, 10, 0)
static void
set_color_dialog_button (GObject *w)
{
  GdkRGBA rgba = { 0.25, 0.5, 0.75, 1.0 };

  gtk_color_dialog_button_set_rgba (GTK_COLOR_DIALOG_BUTTON (w), &rgba);
}

static void
check_color_dialog_button (GObject *w)
{
  const GdkRGBA *rgba = gtk_color_dialog_button_get_rgba (GTK_COLOR_DIALOG_BUTTON (w));

  g_assert_cmpfloat_with_epsilon (rgba->red, 0.25, 1e-6);
  g_assert_cmpfloat_with_epsilon (rgba->blue, 0.75, 1e-6);
}

static void
set_font_dialog_button (GObject *w)
{
  PangoFontDescription *desc = pango_font_description_from_string ("Serif Italic 19");

  gtk_font_dialog_button_set_font_desc (GTK_FONT_DIALOG_BUTTON (w), desc);
  pango_font_description_free (desc);
}

static void
check_font_dialog_button (GObject *w)
{
  g_autofree char *font =
      pango_font_description_to_string (gtk_font_dialog_button_get_font_desc (GTK_FONT_DIALOG_BUTTON (w)));

  g_assert_cmpstr (font, ==, "Serif Italic 19");
}
#endif

#if ADW_CHECK_VERSION(1, 4, 0)
static void set_spin_row (GObject *w) { adw_spin_row_set_value (ADW_SPIN_ROW (w), 42); }
static void check_spin_row (GObject *w) { g_assert_cmpfloat_with_epsilon (adw_spin_row_get_value (ADW_SPIN_ROW (w)), 42, 1e-9); }
static void set_switch_row (GObject *w) { adw_switch_row_set_active (ADW_SWITCH_ROW (w), TRUE); }
static void check_switch_row (GObject *w) { g_assert_true (adw_switch_row_get_active (ADW_SWITCH_ROW (w))); }
static void set_tab_overview (GObject *w) { adw_tab_overview_set_open (ADW_TAB_OVERVIEW (w), TRUE); }
static void check_tab_overview (GObject *w) { g_assert_true (adw_tab_overview_get_open (ADW_TAB_OVERVIEW (w))); }
static void set_overlay_split_view (GObject *w) { adw_overlay_split_view_set_show_sidebar (ADW_OVERLAY_SPLIT_VIEW (w), FALSE); }
static void check_overlay_split_view (GObject *w) { g_assert_false (adw_overlay_split_view_get_show_sidebar (ADW_OVERLAY_SPLIT_VIEW (w))); }
static void set_navigation_split_view (GObject *w) { adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (w), TRUE); }
static void check_navigation_split_view (GObject *w) { g_assert_true (adw_navigation_split_view_get_show_content (ADW_NAVIGATION_SPLIT_VIEW (w))); }

static void
set_navigation_view (GObject *w)
{
  adw_navigation_view_push_by_tag (ADW_NAVIGATION_VIEW (w), "detail");
  adw_navigation_view_push_by_tag (ADW_NAVIGATION_VIEW (w), "more");
}

static void
check_navigation_view (GObject *w)
{
  g_autoptr(GListModel) stack = adw_navigation_view_get_navigation_stack (ADW_NAVIGATION_VIEW (w));
  const char *expected[] = { "home", "detail", "more" };

  g_assert_cmpuint (g_list_model_get_n_items (stack), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(AdwNavigationPage) page = g_list_model_get_item (stack, i);

      g_assert_cmpstr (adw_navigation_page_get_tag (page), ==, expected[i]);
    }
}
#endif

#if ADW_CHECK_VERSION(1, 6, 0)
static void set_bottom_sheet (GObject *w) { adw_bottom_sheet_set_open (ADW_BOTTOM_SHEET (w), TRUE); }
static void check_bottom_sheet (GObject *w) { g_assert_true (adw_bottom_sheet_get_open (ADW_BOTTOM_SHEET (w))); }
#endif

#if ADW_CHECK_VERSION(1, 7, 0)
static void set_toggle_group (GObject *w) { adw_toggle_group_set_active_name (ADW_TOGGLE_GROUP (w), "grid"); }
static void check_toggle_group (GObject *w) { g_assert_cmpstr (adw_toggle_group_get_active_name (ADW_TOGGLE_GROUP (w)), ==, "grid"); }
static void set_toggle_group_unnamed (GObject *w) { adw_toggle_group_set_active (ADW_TOGGLE_GROUP (w), 2); }
static void check_toggle_group_unnamed (GObject *w) { g_assert_cmpuint (adw_toggle_group_get_active (ADW_TOGGLE_GROUP (w)), ==, 2); }
#endif

static const Case cases[] = {
  { "/Mig/AdaptersCurrent/search-bar", "search_bar", set_search_bar, check_search_bar },
  { "/Mig/AdaptersCurrent/scale-button", "scale_button", set_scale_button, check_scale_button },
  { "/Mig/AdaptersCurrent/carousel", "carousel", set_carousel, check_carousel },
  { "/Mig/AdaptersCurrent/combo-box-text", "combo", set_combo, check_combo },
  { "/Mig/AdaptersCurrent/combo-box-entry", "combo_entry", set_combo_entry, check_combo_entry },
  { "/Mig/AdaptersCurrent/column-view-sort", "column_view", set_column_view, check_column_view },
  { "/Mig/AdaptersCurrent/tree-view", "tree_view", set_tree_view, check_tree_view },
  { "/Mig/AdaptersCurrent/inside-collapsed-expander", "in_collapsed_expander", set_in_collapsed_expander,
    check_in_collapsed_expander },
#if GTK_CHECK_VERSION(4, 10, 0)
  { "/Mig/AdaptersCurrent/color-dialog-button", "color_dialog_button", set_color_dialog_button,
    check_color_dialog_button },
  { "/Mig/AdaptersCurrent/font-dialog-button", "font_dialog_button", set_font_dialog_button,
    check_font_dialog_button },
#endif
#if ADW_CHECK_VERSION(1, 4, 0)
  { "/Mig/AdaptersCurrent/spin-row", "spin_row", set_spin_row, check_spin_row },
  { "/Mig/AdaptersCurrent/switch-row", "switch_row", set_switch_row, check_switch_row },
  { "/Mig/AdaptersCurrent/tab-overview", "tab_overview", set_tab_overview, check_tab_overview },
  { "/Mig/AdaptersCurrent/overlay-split-view", "overlay_split_view", set_overlay_split_view,
    check_overlay_split_view },
  { "/Mig/AdaptersCurrent/navigation-split-view", "navigation_split_view", set_navigation_split_view,
    check_navigation_split_view },
  { "/Mig/AdaptersCurrent/navigation-view", "navigation_view", set_navigation_view, check_navigation_view },
#endif
#if ADW_CHECK_VERSION(1, 6, 0)
  { "/Mig/AdaptersCurrent/bottom-sheet", "bottom_sheet", set_bottom_sheet, check_bottom_sheet },
#endif
#if ADW_CHECK_VERSION(1, 7, 0)
  { "/Mig/AdaptersCurrent/toggle-group", "toggle_group", set_toggle_group, check_toggle_group },
  { "/Mig/AdaptersCurrent/toggle-group-unnamed", "toggle_group", set_toggle_group_unnamed,
    check_toggle_group_unnamed },
#endif
};

static GObject *
get (TestWindow *window,
     const char *id)
{
  GObject *object = gtk_builder_get_object (window->builder, id);

  g_assert_nonnull (object);
  return object;
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(MigApplication) app = test_app ();
  TestWindow *window = new_window (app);

  c->set (get (window, c->id));
  c->check (get (window, c->id));
  window = roundtrip (app, window);
  c->check (get (window, c->id));
  gtk_window_destroy (GTK_WINDOW (window));
  mig_test_flush ();
}

static int
top_line (GtkWidget *view)
{
  GdkRectangle rect;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &rect);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (view), &iter, rect.y, NULL);
  return gtk_text_iter_get_line (&iter);
}

static void
scroll_to_line (GtkWidget *view,
                int        line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE),
                                0, TRUE, 0, 0);
}

typedef struct { GtkWidget *first, *second; int first_line, second_line; } SharedViews;

static gboolean
both_at_their_lines (gpointer data)
{
  SharedViews *v = data;

  mig_test_flush ();
  return ABS (top_line (v->first) - v->first_line) <= 1 && ABS (top_line (v->second) - v->second_line) <= 1;
}

/* Two views of one buffer each come back at their own top line: the
 * second's restore neither moves the first's mark nor sets the text anew. */
static void
test_shared_buffer (void)
{
  g_autoptr(MigApplication) app = test_app ();
  TestWindow *window = new_window (app);
  SharedViews v = { GTK_WIDGET (get (window, "first_view")), GTK_WIDGET (get (window, "second_view")) };

  scroll_to_line (v.first, 150);
  scroll_to_line (v.second, 40);
  /* The scrolls happen with the next frames, which a compositor may pace. */
  v.first_line = 150;
  v.second_line = 40;
  mig_test_wait_for (both_at_their_lines, &v, 3000);
  v.first_line = top_line (v.first);
  v.second_line = top_line (v.second);
  /* Where incremental layout lets them land: far apart. */
  g_assert_cmpint (v.first_line, >=, 100);
  g_assert_cmpint (v.second_line, >=, 20);
  g_assert_cmpint (v.second_line, <, 60);

  window = roundtrip (app, window);
  v.first = GTK_WIDGET (get (window, "first_view"));
  v.second = GTK_WIDGET (get (window, "second_view"));
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (v.first)) ==
                 gtk_text_view_get_buffer (GTK_TEXT_VIEW (v.second)));
  if (!mig_test_wait_for (both_at_their_lines, &v, 5000))
    {
      g_assert_cmpint (top_line (v.first), ==, v.first_line);
      g_assert_cmpint (top_line (v.second), ==, v.second_line);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  mig_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);
  g_test_add_func ("/Mig/AdaptersCurrent/shared-buffer", test_shared_buffer);

  return mig_test_run ();
}
