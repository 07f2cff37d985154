/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-state-private.h"

/*
 * The widgets of current toolkits, and those that older applications still
 * use although they are deprecated.  They are registered by type name and
 * reached through their properties wherever that is enough, so that the
 * same code builds against GTK 4.8 / libadwaita 1.2 (where the newer ones
 * do not exist, and nothing matches them) and against GTK 4.18 /
 * libadwaita 1.7 (where the older ones are deprecated, and no deprecated
 * function is called).  What needs a newer function is behind a version
 * check.
 */

/* One property each. */
MIG_PROPERTY_ADAPTER (spin_row, "value", TRUE)
MIG_PROPERTY_ADAPTER (switch_row, "active", TRUE)
MIG_PROPERTY_ADAPTER (scale_button, "value", TRUE)
MIG_PROPERTY_ADAPTER (search_bar, "search-mode-enabled", FALSE)
MIG_PROPERTY_ADAPTER (bottom_sheet, "open", FALSE)
MIG_PROPERTY_ADAPTER (overlay_split_view, "show-sidebar", FALSE)
MIG_PROPERTY_ADAPTER (navigation_split_view, "show-content", FALSE)

/* AdwTabOverview (libadwaita 1.3): open or not; it opens only on a view
 * with pages. */

#if ADW_CHECK_VERSION(1, 3, 0)
static void
tab_overview_save (GtkWidget     *widget,
                   MigJsonWriter *props)
{
  mig_props_set_bool (props, "open", adw_tab_overview_get_open (ADW_TAB_OVERVIEW (widget)));
}

static void
tab_overview_restore (GtkWidget  *widget,
                      JsonObject *props)
{
  AdwTabOverview *overview = ADW_TAB_OVERVIEW (widget);
  AdwTabView *view = adw_tab_overview_get_view (overview);
  gboolean open;

  if (!mig_props_get_bool (props, "open", &open))
    return;
  if (open && (view == NULL || adw_tab_view_get_n_pages (view) == 0))
    return;
  adw_tab_overview_set_open (overview, open);
}

static const MigStateAdapter tab_overview_adapter = { "tab-overview", FALSE, tab_overview_save, tab_overview_restore };
#endif

/* AdwToggleGroup (libadwaita 1.7): the active toggle, by name when it has
 * one, else by position. */

static void
toggle_group_save (GtkWidget     *widget,
                   MigJsonWriter *props)
{
  g_autofree char *name = NULL;
  guint active = 0;

  g_object_get (widget, "active-name", &name, "active", &active, NULL);
  if (name != NULL)
    mig_props_set_string (props, "active-name", name);
  mig_props_set_int (props, "active", active);
}

static void
toggle_group_restore (GtkWidget  *widget,
                      JsonObject *props)
{
  const char *name;
  gint64 active;
  guint n_toggles = 0;

  g_object_get (widget, "n-toggles", &n_toggles, NULL);
  if (mig_props_get_string (props, "active-name", &name))
    {
      g_autofree char *shown = NULL;

      g_object_set (widget, "active-name", name, NULL);
      g_object_get (widget, "active-name", &shown, NULL);
      if (g_strcmp0 (shown, name) == 0)
        return;
    }
  if (mig_props_get_int (props, "active", &active) && active >= 0 && active < n_toggles)
    g_object_set (widget, "active", (guint) active, NULL);
  else if (mig_props_get_int (props, "active", &active))
    g_warning ("Skipping saved toggle %" G_GINT64_FORMAT " of %s: there is no such toggle",
               active, G_OBJECT_TYPE_NAME (widget));
}

static const MigStateAdapter toggle_group_adapter = { "toggle-group", TRUE, toggle_group_save, toggle_group_restore };

/* GtkFontDialogButton (GTK 4.10): the font, as Pango writes it. */

static void
font_dialog_button_save (GtkWidget     *widget,
                         MigJsonWriter *props)
{
  PangoFontDescription *desc = NULL;

  g_object_get (widget, "font-desc", &desc, NULL);
  if (desc != NULL)
    {
      g_autofree char *font = pango_font_description_to_string (desc);

      mig_props_set_string (props, "font", font);
      pango_font_description_free (desc);
    }
}

static void
font_dialog_button_restore (GtkWidget  *widget,
                            JsonObject *props)
{
  const char *font;
  PangoFontDescription *desc;

  if (!mig_props_get_string (props, "font", &font))
    return;
  desc = pango_font_description_from_string (font);
  g_object_set (widget, "font-desc", desc, NULL);
  pango_font_description_free (desc);
}

static const MigStateAdapter font_dialog_button_adapter = {
  "font-dialog-button", TRUE, font_dialog_button_save, font_dialog_button_restore
};

/* AdwCarousel: the page shown, by position. */

/* A carousel takes no scroll before it is shown: a restored page waits for
 * the map, and is the page until then. */
#define PENDING_PAGE "mig-pending-page"

static void
carousel_save (GtkWidget     *widget,
               MigJsonWriter *props)
{
  gpointer pending = g_object_get_data (G_OBJECT (widget), PENDING_PAGE);

  if (pending != NULL)
    mig_props_set_int (props, "page", GPOINTER_TO_UINT (pending) - 1);
  else
    mig_props_set_int (props, "page", (gint64) (adw_carousel_get_position (ADW_CAROUSEL (widget)) + 0.5));
}

static gboolean
carousel_scroll_to_pending (GtkWidget     *widget,
                            GdkFrameClock *clock,
                            gpointer       data)
{
  AdwCarousel *carousel = ADW_CAROUSEL (widget);
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), PENDING_PAGE));

  /* Laid out first: a carousel forgets a scroll before its first size. */
  if (gtk_widget_get_width (widget) == 0 && page > 0)
    return G_SOURCE_CONTINUE;
  g_object_set_data (G_OBJECT (widget), PENDING_PAGE, NULL);
  if (page > 0 && page - 1 < adw_carousel_get_n_pages (carousel))
    adw_carousel_scroll_to (carousel, adw_carousel_get_nth_page (carousel, page - 1), FALSE);
  return G_SOURCE_REMOVE;
}

static void
carousel_restore (GtkWidget  *widget,
                  JsonObject *props)
{
  AdwCarousel *carousel = ADW_CAROUSEL (widget);
  gint64 page;

  if (!mig_props_get_int (props, "page", &page))
    return;
  if (page >= 0 && page < adw_carousel_get_n_pages (carousel))
    {
      gboolean waiting = g_object_get_data (G_OBJECT (widget), PENDING_PAGE) != NULL;

      g_object_set_data (G_OBJECT (widget), PENDING_PAGE, GUINT_TO_POINTER ((guint) page + 1));
      if (!waiting)
        gtk_widget_add_tick_callback (widget, carousel_scroll_to_pending, NULL, NULL);
    }
  else
    g_warning ("Skipping saved page %" G_GINT64_FORMAT " of %s: there is no such page",
               page, G_OBJECT_TYPE_NAME (widget));
}

static const MigStateAdapter carousel_adapter = { "carousel", FALSE, carousel_save, carousel_restore };

/* AdwNavigationView (libadwaita 1.4): the stack of pushed pages, by tag;
 * pages without a tag cannot be found again, so the stack is kept down to
 * the first of them. */

#if ADW_CHECK_VERSION(1, 4, 0)
static void
navigation_view_save (GtkWidget     *widget,
                      MigJsonWriter *props)
{
  g_autoptr(GListModel) stack = adw_navigation_view_get_navigation_stack (ADW_NAVIGATION_VIEW (widget));

  mig_json_writer_key (props, "stack");
  mig_json_writer_begin_array (props);
  for (guint i = 0; i < g_list_model_get_n_items (stack); i++)
    {
      g_autoptr(AdwNavigationPage) page = g_list_model_get_item (stack, i);
      const char *tag = adw_navigation_page_get_tag (page);

      if (tag == NULL)
        break;
      mig_json_writer_string (props, tag);
    }
  mig_json_writer_end_array (props);
}

static void
navigation_view_restore (GtkWidget  *widget,
                         JsonObject *props)
{
  AdwNavigationView *view = ADW_NAVIGATION_VIEW (widget);
  JsonArray *stack = mig_props_get_array (props, "stack");
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();

  if (stack == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (stack); i++)
    {
      JsonNode *node = json_array_get_element (stack, i);
      const char *tag;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        break;
      tag = json_node_get_string (node);
      if (adw_navigation_view_find_page (view, tag) == NULL)
        {
          g_warning ("Skipping saved page “%s” of %s and those above it: there is no such page",
                     tag, G_OBJECT_TYPE_NAME (widget));
          break;
        }
      g_ptr_array_add (tags, (gpointer) tag);
    }
  if (tags->len > 0)
    adw_navigation_view_replace_with_tags (view, (const char * const *) tags->pdata, (int) tags->len);
}

static const MigStateAdapter navigation_view_adapter = { "navigation-view", FALSE, navigation_view_save, navigation_view_restore };
#endif

/* GtkColumnView: the selection, as list views, and the sort column and
 * order (GTK 4.10), by column ID when it has one, else by position. */

static void
column_view_save (GtkWidget     *widget,
                  MigJsonWriter *props)
{
  mig_state_list_view_adapter.save (widget, props);
#if GTK_CHECK_VERSION(4, 10, 0)
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (widget);
    GtkSorter *sorter = gtk_column_view_get_sorter (view);
    GtkColumnViewColumn *column = NULL;
    GListModel *columns = gtk_column_view_get_columns (view);

    if (GTK_IS_COLUMN_VIEW_SORTER (sorter))
      column = gtk_column_view_sorter_get_primary_sort_column (GTK_COLUMN_VIEW_SORTER (sorter));
    if (column == NULL)
      return;
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

        if (c == column)
          mig_props_set_int (props, "sort-column", i);
      }
    if (gtk_column_view_column_get_id (column) != NULL)
      mig_props_set_string (props, "sort-column-id", gtk_column_view_column_get_id (column));
    mig_props_set_bool (props, "sort-descending",
                        gtk_column_view_sorter_get_primary_sort_order (GTK_COLUMN_VIEW_SORTER (sorter)) ==
                            GTK_SORT_DESCENDING);
  }
#endif
}

static void
column_view_restore (GtkWidget  *widget,
                     JsonObject *props)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (widget);
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) column = NULL;
  const char *id = NULL;
  gint64 position;
  gboolean descending = FALSE;

  /* Sorted first: the selection is of positions in the sorted list. */
#if GTK_CHECK_VERSION(4, 10, 0)
  if (mig_props_get_string (props, "sort-column-id", &id))
    for (guint i = 0; i < g_list_model_get_n_items (columns) && column == NULL; i++)
      {
        g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_id (c), id) == 0)
          column = g_steal_pointer (&c);
      }
#endif
  if (column == NULL && mig_props_get_int (props, "sort-column", &position) &&
      position >= 0 && position < g_list_model_get_n_items (columns))
    column = g_list_model_get_item (columns, (guint) position);
  mig_props_get_bool (props, "sort-descending", &descending);
  if (column != NULL)
    gtk_column_view_sort_by_column (view, column, descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  else if (id != NULL || json_object_has_member (props, "sort-column"))
    g_warning ("Skipping the saved sort column of %s: there is no such column", G_OBJECT_TYPE_NAME (widget));

  mig_state_list_view_adapter.restore (widget, props);
}

static const MigStateAdapter column_view_adapter = { "column-view", TRUE, column_view_save, column_view_restore };

/* GtkComboBox and GtkComboBoxText, deprecated in GTK 4.10: the active item
 * by ID, else by position, and the text of an entry. */

static GtkWidget *
combo_box_entry (GtkWidget *widget)
{
  gboolean has_entry = FALSE;
  GtkWidget *child = NULL;

  g_object_get (widget, "has-entry", &has_entry, "child", &child, NULL);
  if (child != NULL)
    g_object_unref (child);
  return has_entry && GTK_IS_EDITABLE (child) ? child : NULL;
}

static void
combo_box_save (GtkWidget     *widget,
                MigJsonWriter *props)
{
  g_autofree char *active_id = NULL;
  int active = -1;
  GtkWidget *entry = combo_box_entry (widget);

  g_object_get (widget, "active-id", &active_id, "active", &active, NULL);
  if (active_id != NULL)
    mig_props_set_string (props, "active-id", active_id);
  mig_props_set_int (props, "active", active);
  if (entry != NULL)
    mig_props_set_string (props, "text", gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
combo_box_restore (GtkWidget  *widget,
                   JsonObject *props)
{
  const char *active_id, *text;
  gint64 active;
  GtkWidget *entry = combo_box_entry (widget);
  int shown = -1;

  if (mig_props_get_string (props, "active-id", &active_id))
    {
      g_autofree char *now = NULL;

      g_object_set (widget, "active-id", active_id, NULL);
      g_object_get (widget, "active-id", &now, NULL);
      if (g_strcmp0 (now, active_id) != 0)
        g_warning ("Skipping saved item “%s” of %s: there is no such item", active_id, G_OBJECT_TYPE_NAME (widget));
    }
  else if (mig_props_get_int (props, "active", &active) && active >= -1 && active <= G_MAXINT)
    {
      g_object_set (widget, "active", (int) active, NULL);
      g_object_get (widget, "active", &shown, NULL);
      if (shown != active)
        g_warning ("Skipping saved item %" G_GINT64_FORMAT " of %s: there is no such item",
                   active, G_OBJECT_TYPE_NAME (widget));
    }
  /* After the item, which writes its own text into the entry. */
  if (entry != NULL && mig_props_get_string (props, "text", &text))
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static const MigStateAdapter combo_box_adapter = { "combo-box", TRUE, combo_box_save, combo_box_restore };

void
mig_state_register_current_adapters (void)
{
  struct { const char *name; const MigStateAdapter *adapter; } by_name[] = {
    /* libadwaita 1.4 and later */
    { "AdwSpinRow", &spin_row_adapter },
    { "AdwSwitchRow", &switch_row_adapter },
    { "AdwOverlaySplitView", &overlay_split_view_adapter },
    { "AdwNavigationSplitView", &navigation_split_view_adapter },
    { "AdwBottomSheet", &bottom_sheet_adapter },
    { "AdwToggleGroup", &toggle_group_adapter },
    /* GTK 4.10 and later */
    { "GtkColorDialogButton", &mig_state_color_chooser_adapter },
    { "GtkFontDialogButton", &font_dialog_button_adapter },
    /* Deprecated in GTK 4.10: GtkComboBoxText and GtkVolumeButton derive
     * from these. */
    { "GtkComboBox", &combo_box_adapter },
    { "GtkTreeView", &mig_state_tree_view_adapter },
    { "GtkScaleButton", &scale_button_adapter },
  };

  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    mig_state_register_adapter_by_name (by_name[i].name, by_name[i].adapter);
  mig_state_register_adapter (GTK_TYPE_SEARCH_BAR, &search_bar_adapter);
  mig_state_register_adapter (ADW_TYPE_CAROUSEL, &carousel_adapter);
  mig_state_register_adapter (GTK_TYPE_COLUMN_VIEW, &column_view_adapter);
#if ADW_CHECK_VERSION(1, 3, 0)
  mig_state_register_adapter (ADW_TYPE_TAB_OVERVIEW, &tab_overview_adapter);
#endif
#if ADW_CHECK_VERSION(1, 4, 0)
  mig_state_register_adapter (ADW_TYPE_NAVIGATION_VIEW, &navigation_view_adapter);
#endif
}
