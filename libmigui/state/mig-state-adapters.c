/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-state-private.h"

/*
 * Scroll positions are semantic (a fraction, the top item of a list, the
 * top line of a text) and can only be applied once the target has laid the
 * widget out, which happens after the restore and, for lists and text
 * views, bit by bit with estimated sizes.  A pending scroll is applied from
 * an idle after each change of the adjustment's range (a value set from
 * inside a widget's own allocation is not taken by list views).  It ends
 * once applied or, if it follows the layout, once the user scrolls: the
 * value is no longer the one it set.
 */
typedef gboolean (*ScrollApply) (GtkAdjustment *adjustment,
                                 gpointer       target);

typedef struct
{
  GtkAdjustment  *adjustment;
  ScrollApply     apply;
  gpointer        target;
  GDestroyNotify  free_target;
  gboolean        follow;
  double          value_set;
  gulong          handler;
  guint           idle;
} PendingScroll;

static void
pending_scroll_free (gpointer data)
{
  PendingScroll *p = data;

  g_clear_signal_handler (&p->handler, p->adjustment);
  g_clear_handle_id (&p->idle, g_source_remove);
  if (p->free_target != NULL)
    p->free_target (p->target);
  g_object_unref (p->adjustment);
  g_free (p);
}

static void
pending_scroll_done (PendingScroll *p)
{
  g_object_set_data (G_OBJECT (p->adjustment), "mig-pending-scroll", NULL);
}

static gboolean
pending_scroll_run (gpointer data)
{
  PendingScroll *p = data;

  p->idle = 0;
  if (p->follow && p->value_set >= 0 && gtk_adjustment_get_value (p->adjustment) != p->value_set)
    {
      pending_scroll_done (p);
      return G_SOURCE_REMOVE;
    }
  if (p->apply (p->adjustment, p->target))
    {
      if (!p->follow)
        pending_scroll_done (p);
      else
        p->value_set = gtk_adjustment_get_value (p->adjustment);
    }
  return G_SOURCE_REMOVE;
}

static void
pending_scroll_changed (GtkAdjustment *adjustment,
                        PendingScroll *p)
{
  if (p->idle == 0)
    p->idle = g_idle_add_full (G_PRIORITY_LOW, pending_scroll_run, p, NULL);
}

static void
restore_scroll (GtkAdjustment  *adjustment,
                ScrollApply     apply,
                gpointer        target,
                GDestroyNotify  free_target,
                gboolean        follow)
{
  PendingScroll *p;

  if (adjustment == NULL || (!follow && apply (adjustment, target)))
    {
      if (free_target != NULL)
        free_target (target);
      return;
    }

  p = g_new0 (PendingScroll, 1);
  p->adjustment = g_object_ref (adjustment);
  p->apply = apply;
  p->target = target;
  p->free_target = free_target;
  p->follow = follow;
  p->value_set = -1;
  p->handler = g_signal_connect (adjustment, "changed", G_CALLBACK (pending_scroll_changed), p);
  g_object_set_data_full (G_OBJECT (adjustment), "mig-pending-scroll", p, pending_scroll_free);
  if (follow)
    pending_scroll_changed (adjustment, p);
}

static double
scroll_range (GtkAdjustment *adj)
{
  return gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - gtk_adjustment_get_lower (adj);
}

static gboolean
apply_fraction (GtkAdjustment *adj,
                gpointer       target)
{
  double fraction = *(double *) target;

  if (scroll_range (adj) <= 0)
    return FALSE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj) + CLAMP (fraction, 0, 1) * scroll_range (adj));
  return TRUE;
}

static void
restore_fraction (GtkAdjustment *adj,
                  double         fraction)
{
  restore_scroll (adj, apply_fraction, g_memdup2 (&fraction, sizeof fraction), g_free, FALSE);
}

static double
get_fraction (GtkAdjustment *adj)
{
  PendingScroll *pending = g_object_get_data (G_OBJECT (adj), "mig-pending-scroll");

  /* Restored but not laid out yet: what was restored is still the
   * position, and a checkpoint taken now must not lose it. */
  if (pending != NULL && pending->apply == apply_fraction)
    return *(double *) pending->target;
  if (scroll_range (adj) <= 0)
    return 0;
  return (gtk_adjustment_get_value (adj) - gtk_adjustment_get_lower (adj)) / scroll_range (adj);
}

/* GtkEditable: GtkEntry, GtkText, GtkSearchEntry, GtkEditableLabel, AdwEntryRow, … */

static void
editable_save (GtkWidget  *widget,
               MigJsonWriter *props)
{
  mig_props_set_string (props, "text", gtk_editable_get_text (GTK_EDITABLE (widget)));
  mig_props_set_int (props, "cursor", gtk_editable_get_position (GTK_EDITABLE (widget)));
}

static void
editable_restore (GtkWidget  *widget,
                  JsonObject *props)
{
  const char *text;
  gint64 cursor;

  if (mig_props_get_string (props, "text", &text))
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
  if (mig_props_get_int (props, "cursor", &cursor))
    gtk_editable_set_position (GTK_EDITABLE (widget), (int) CLAMP (cursor, -1, G_MAXINT));
}

static const MigStateAdapter editable_adapter = { "editable", TRUE, editable_save, editable_restore };

/* GtkTextView: the buffer's text, the cursor and the top visible line.
 * Views may share a buffer: each keeps its restored top line in a mark of
 * its own, and a text the buffer already holds is not set again (which
 * would move every view's marks to the start). */

static void
top_line_mark_free (gpointer data)
{
  GtkTextMark *mark = data;

  /* The buffer may outlive the view: the view's mark leaves with it. */
  if (!gtk_text_mark_get_deleted (mark))
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (mark), mark);
  g_object_unref (mark);
}

static GtkTextMark *
top_line_mark (GtkTextView *view)
{
  GtkTextMark *mark = g_object_get_data (G_OBJECT (view), "mig-top-line");

  if (mark != NULL &&
      (gtk_text_mark_get_deleted (mark) || gtk_text_mark_get_buffer (mark) != gtk_text_view_get_buffer (view)))
    {
      g_object_set_data (G_OBJECT (view), "mig-top-line", NULL);
      mark = NULL;
    }
  return mark;
}

static gboolean apply_top_line (GtkAdjustment *adj,
                                gpointer       target);

static void
text_view_save (GtkWidget  *widget,
                MigJsonWriter *props)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end, cursor, top;
  GdkRectangle visible;
  g_autofree char *text = NULL;
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  PendingScroll *pending = vadj != NULL ? g_object_get_data (G_OBJECT (vadj), "mig-pending-scroll") : NULL;
  GtkTextMark *mark;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  mig_props_set_string (props, "text", text);
  mig_props_set_int (props, "cursor", gtk_text_iter_get_offset (&cursor));

  /* A restored top line is followed through the layout until the user
   * scrolls: until then it is the top line, laid out or not. */
  if (pending != NULL && pending->apply == apply_top_line && (mark = top_line_mark (view)) != NULL)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &top, mark);
      mig_props_set_int (props, "top-line", gtk_text_iter_get_line (&top));
    }
  else if (gtk_widget_get_realized (widget))
    {
      gtk_text_view_get_visible_rect (view, &visible);
      gtk_text_view_get_line_at_y (view, &top, visible.y, NULL);
      mig_props_set_int (props, "top-line", gtk_text_iter_get_line (&top));
    }
}

/* A text view lays its lines out in idle time, estimating the height of
 * those not laid out yet, so the saved top line follows the layout until
 * the user scrolls. */
static gboolean
apply_top_line (GtkAdjustment *adj,
                gpointer       target)
{
  GtkTextView *view = target;
  GtkTextMark *mark = top_line_mark (view);
  GtkTextIter iter;
  int y, height;

  if (mark == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (gtk_text_view_get_buffer (view), &iter, mark);
  gtk_text_view_get_line_yrange (view, &iter, &y, &height);
  gtk_adjustment_set_value (adj, y);
  return TRUE;
}

static void
text_view_restore (GtkWidget  *widget,
                   JsonObject *props)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  const char *text;
  gint64 cursor, top_line;
  GtkTextIter iter;

  if (mig_props_get_string (props, "text", &text))
    {
      g_autofree char *current = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      current = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      if (!g_str_equal (current, text))
        gtk_text_buffer_set_text (buffer, text, -1);
    }
  if (mig_props_get_int (props, "cursor", &cursor))
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) CLAMP (cursor, 0, G_MAXINT));
      gtk_text_buffer_place_cursor (buffer, &iter);
    }
  if (mig_props_get_int (props, "top-line", &top_line))
    {
      GtkTextMark *mark;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) CLAMP (top_line, 0, G_MAXINT));
      mark = top_line_mark (view);
      if (mark == NULL)
        {
          mark = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
          g_object_set_data_full (G_OBJECT (view), "mig-top-line", g_object_ref (mark), top_line_mark_free);
        }
      else
        gtk_text_buffer_move_mark (buffer, mark, &iter);
      gtk_text_view_scroll_to_mark (view, mark, 0, TRUE, 0, 0);
      restore_scroll (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)), apply_top_line,
                      g_object_ref (view), g_object_unref, TRUE);
    }
}

static const MigStateAdapter text_view_adapter = { "text-view", TRUE, text_view_save, text_view_restore };

/* GtkRange, GtkScale */

static void
range_save (GtkWidget  *widget,
            MigJsonWriter *props)
{
  mig_props_set_double (props, "value", gtk_range_get_value (GTK_RANGE (widget)));
}

static void
range_restore (GtkWidget  *widget,
               JsonObject *props)
{
  double value;

  if (mig_props_get_double (props, "value", &value))
    gtk_range_set_value (GTK_RANGE (widget), value);
}

static const MigStateAdapter range_adapter = { "range", TRUE, range_save, range_restore };

/* GtkSpinButton */

static void
spin_button_save (GtkWidget  *widget,
                  MigJsonWriter *props)
{
  gtk_spin_button_update (GTK_SPIN_BUTTON (widget));
  mig_props_set_double (props, "value", gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)));
}

static void
spin_button_restore (GtkWidget  *widget,
                     JsonObject *props)
{
  double value;

  if (mig_props_get_double (props, "value", &value))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), value);
}

static const MigStateAdapter spin_button_adapter = { "spin-button", TRUE, spin_button_save, spin_button_restore };

/* Property-based adapters (MIG_PROPERTY_ADAPTER, mig-state-private.h). */

MIG_PROPERTY_ADAPTER (check_button, "active", TRUE)
MIG_PROPERTY_ADAPTER (toggle_button, "active", TRUE)
MIG_PROPERTY_ADAPTER (switch, "active", TRUE)
MIG_PROPERTY_ADAPTER (drop_down, "selected", TRUE)
MIG_PROPERTY_ADAPTER (notebook, "page", FALSE)
MIG_PROPERTY_ADAPTER (paned, "position", FALSE)
MIG_PROPERTY_ADAPTER (expander, "expanded", FALSE)
MIG_PROPERTY_ADAPTER (font_chooser, "font", TRUE)
MIG_PROPERTY_ADAPTER (combo_row, "selected", TRUE)
MIG_PROPERTY_ADAPTER (flap, "reveal-flap", FALSE)

static void
expander_row_save (GtkWidget  *widget,
                   MigJsonWriter *props)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (widget);

  mig_props_set_bool (props, "expanded", adw_expander_row_get_expanded (row));
  mig_props_set_bool (props, "enable-expansion", adw_expander_row_get_enable_expansion (row));
}

static void
expander_row_restore (GtkWidget  *widget,
                      JsonObject *props)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (widget);
  gboolean value;

  if (mig_props_get_bool (props, "enable-expansion", &value))
    adw_expander_row_set_enable_expansion (row, value);
  if (mig_props_get_bool (props, "expanded", &value))
    adw_expander_row_set_expanded (row, value);
}

static const MigStateAdapter expander_row_adapter = { "expander-row", FALSE, expander_row_save, expander_row_restore };

/* Stacks: the visible page by name; a name the target lacks is skipped. */

static void
save_visible_child_name (GtkWidget  *widget,
                         MigJsonWriter *props)
{
  g_autofree char *name = NULL;

  g_object_get (widget, "visible-child-name", &name, NULL);
  if (name != NULL)
    mig_props_set_string (props, "visible-child-name", name);
}

static void
restore_visible_child_name (GtkWidget  *widget,
                            JsonObject *props)
{
  const char *name;
  GtkWidget *child = NULL;

  if (!mig_props_get_string (props, "visible-child-name", &name))
    return;

  if (GTK_IS_STACK (widget))
    child = gtk_stack_get_child_by_name (GTK_STACK (widget), name);
  else if (ADW_IS_VIEW_STACK (widget))
    child = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (widget), name);
  else
    {
      /* AdwLeaflet, deprecated in libadwaita 1.4, through its properties
       * alone: it shows the page if it has one by that name. */
      g_autofree char *shown = NULL;

      g_object_set (widget, "visible-child-name", name, NULL);
      g_object_get (widget, "visible-child-name", &shown, NULL);
      if (g_strcmp0 (shown, name) == 0)
        return;
    }

  if (child != NULL)
    g_object_set (widget, "visible-child-name", name, NULL);
  else
    g_warning ("Skipping saved page “%s” of %s: there is no such page",
               name, G_OBJECT_TYPE_NAME (widget));
}

static const MigStateAdapter stack_adapter = { "stack", FALSE, save_visible_child_name, restore_visible_child_name };

/* GtkListBox: the selected rows by index. */

static void
list_box_save (GtkWidget  *widget,
               MigJsonWriter *props)
{
  GList *rows = gtk_list_box_get_selected_rows (GTK_LIST_BOX (widget));

  mig_json_writer_key (props, "selected");
  mig_json_writer_begin_array (props);
  for (GList *l = rows; l != NULL; l = l->next)
    mig_json_writer_int (props, gtk_list_box_row_get_index (l->data));
  mig_json_writer_end_array (props);
  g_list_free (rows);
}

static void
list_box_restore (GtkWidget  *widget,
                  JsonObject *props)
{
  GtkListBox *box = GTK_LIST_BOX (widget);
  JsonArray *selected = mig_props_get_array (props, "selected");

  if (selected == NULL)
    return;

  gtk_list_box_unselect_all (box);
  for (guint i = 0; i < json_array_get_length (selected); i++)
    {
      JsonNode *node = json_array_get_element (selected, i);
      GtkListBoxRow *row;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        continue;
      row = gtk_list_box_get_row_at_index (box, (int) CLAMP (json_node_get_int (node), 0, G_MAXINT));
      if (row != NULL)
        gtk_list_box_select_row (box, row);
    }
}

static const MigStateAdapter list_box_adapter = { "list-box", FALSE, list_box_save, list_box_restore };

/* GtkListView, GtkGridView, GtkColumnView: the selection of their model. */

static GtkSelectionModel *
get_selection_model (GtkWidget *widget)
{
  GtkSelectionModel *model = NULL;

  g_object_get (widget, "model", &model, NULL);
  return model;
}

#define MAX_SAVED_SELECTION 10000

static void
list_view_save (GtkWidget  *widget,
                MigJsonWriter *props)
{
  g_autoptr(GtkSelectionModel) model = get_selection_model (widget);
  g_autoptr(GtkBitset) selection = NULL;
  GtkBitsetIter iter;
  guint position;
  guint n = 0;

  if (model == NULL)
    return;

  selection = gtk_selection_model_get_selection (model);
  mig_json_writer_key (props, "selected");
  mig_json_writer_begin_array (props);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selection, &position);
       ok && n < MAX_SAVED_SELECTION;
       ok = gtk_bitset_iter_next (&iter, &position), n++)
    mig_json_writer_int (props, position);
  mig_json_writer_end_array (props);
}

static void
list_view_restore (GtkWidget  *widget,
                   JsonObject *props)
{
  g_autoptr(GtkSelectionModel) model = get_selection_model (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GtkBitset) mask = NULL;
  JsonArray *array = mig_props_get_array (props, "selected");
  guint n_items;

  if (model == NULL || array == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  selected = gtk_bitset_new_empty ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 position;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        continue;
      position = json_node_get_int (node);
      if (position >= 0 && position < n_items)
        gtk_bitset_add (selected, (guint) position);
    }

  /* Single-selection models only take one item through select_item(). */
  if (GTK_IS_SINGLE_SELECTION (model))
    {
      if (!gtk_bitset_is_empty (selected))
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), gtk_bitset_get_minimum (selected));
      return;
    }

  mask = gtk_bitset_new_range (0, n_items);
  gtk_selection_model_set_selection (model, selected, mask);
}

const MigStateAdapter mig_state_list_view_adapter = { "list-view", TRUE, list_view_save, list_view_restore };

/* GtkScrolledWindow: fractions, plus the top item when it scrolls a list, so
 * that a target with other row heights shows the same first row. */

static GtkWidget *
scrolled_list_child (GtkWidget *scrolled)
{
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  return child;
}

typedef struct
{
  GObject *view;     /* a GtkListBox, or the GListModel of a list or grid view */
  guint    index;
} TopItem;

static void
top_item_free (gpointer data)
{
  TopItem *t = data;

  g_object_unref (t->view);
  g_free (t);
}

static gboolean
apply_top_row (GtkAdjustment *adj,
               gpointer       target)
{
  TopItem *t = target;
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (t->view), (int) MIN (t->index, G_MAXINT));
  graphene_point_t point;

  if (row == NULL)
    return TRUE;
  if (scroll_range (adj) <= 0 ||
      !gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (t->view), &GRAPHENE_POINT_INIT (0, 0), &point))
    return FALSE;
  gtk_adjustment_set_value (adj, point.y);
  return TRUE;
}

/* Lists and grids lay out only the rows in view and estimate the rest, so
 * their rows are taken as equally tall: item i starts at i/n of the range. */
static gboolean
apply_top_item (GtkAdjustment *adj,
                gpointer       target)
{
  TopItem *t = target;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (t->view));
  double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_lower (adj);

  if (n == 0 || scroll_range (adj) <= 0)
    return FALSE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj) + upper * MIN (t->index, n - 1) / n);
  return TRUE;
}

static void
restore_top_item (GtkAdjustment *adj,
                  ScrollApply    apply,
                  gpointer       view,
                  gint64         index)
{
  TopItem *t = g_new0 (TopItem, 1);

  t->view = g_object_ref (view);
  t->index = (guint) CLAMP (index, 0, G_MAXUINT);
  restore_scroll (adj, apply, t, top_item_free, FALSE);
}

static void
scrolled_window_save (GtkWidget  *widget,
                      MigJsonWriter *props)
{
  GtkScrolledWindow *sw = GTK_SCROLLED_WINDOW (widget);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (sw);
  GtkWidget *child = scrolled_list_child (widget);
  /* A top item restored but not applied yet (the list is not laid out). */
  PendingScroll *pending = g_object_get_data (G_OBJECT (vadj), "mig-pending-scroll");

  mig_props_set_double (props, "vfraction", get_fraction (vadj));
  mig_props_set_double (props, "hfraction", get_fraction (gtk_scrolled_window_get_hadjustment (sw)));

  if (pending != NULL && (pending->apply == apply_top_row || pending->apply == apply_top_item))
    mig_props_set_int (props, "top-item", ((TopItem *) pending->target)->index);
  else if (GTK_IS_LIST_BOX (child))
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_y (GTK_LIST_BOX (child),
                                                      (int) gtk_adjustment_get_value (vadj));
      /* Not laid out yet, a list shows its first row. */
      if (row != NULL)
        mig_props_set_int (props, "top-item", gtk_list_box_row_get_index (row));
      else if (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child), 0) != NULL)
        mig_props_set_int (props, "top-item", 0);
    }
  else if (GTK_IS_LIST_VIEW (child) || GTK_IS_GRID_VIEW (child))
    {
      g_autoptr(GtkSelectionModel) model = get_selection_model (child);
      double upper = gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_lower (vadj);
      guint n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;

      /* Not laid out yet, a list shows its first item. */
      if (n > 0 && upper <= 0)
        mig_props_set_int (props, "top-item", 0);
      else if (n > 0)
        mig_props_set_int (props, "top-item",
                           (gint64) ((gtk_adjustment_get_value (vadj) - gtk_adjustment_get_lower (vadj))
                                     / upper * n + 0.5));
    }
}

static void
scrolled_window_restore (GtkWidget  *widget,
                         JsonObject *props)
{
  GtkScrolledWindow *sw = GTK_SCROLLED_WINDOW (widget);
  GtkWidget *child = scrolled_list_child (widget);
  double fraction;
  gint64 top_item;

  if (mig_props_get_double (props, "hfraction", &fraction))
    restore_fraction (gtk_scrolled_window_get_hadjustment (sw), fraction);

  if (GTK_IS_LIST_BOX (child) && mig_props_get_int (props, "top-item", &top_item))
    {
      restore_top_item (gtk_scrolled_window_get_vadjustment (sw), apply_top_row, child, top_item);
      return;
    }

  if ((GTK_IS_LIST_VIEW (child) || GTK_IS_GRID_VIEW (child)) && mig_props_get_int (props, "top-item", &top_item))
    {
      g_autoptr(GtkSelectionModel) model = get_selection_model (child);

      if (model != NULL)
        {
          restore_top_item (gtk_scrolled_window_get_vadjustment (sw), apply_top_item, model, top_item);
          return;
        }
    }

  /* A text view with an ID comes back at its saved top line, which says
   * more than a fraction of a height that depends on fonts and width. */
  if (GTK_IS_TEXT_VIEW (child) && mig_widget_get_state_id (child) != NULL)
    return;

  if (mig_props_get_double (props, "vfraction", &fraction))
    restore_fraction (gtk_scrolled_window_get_vadjustment (sw), fraction);
}

static const MigStateAdapter scrolled_window_adapter = { "scrolled-window", FALSE, scrolled_window_save, scrolled_window_restore };

/* GtkCalendar: the selected date. */

static void
calendar_save (GtkWidget  *widget,
               MigJsonWriter *props)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (GTK_CALENDAR (widget));
  g_autofree char *s = g_date_time_format (date, "%Y-%m-%d");

  mig_props_set_string (props, "date", s);
}

static void
calendar_restore (GtkWidget  *widget,
                  JsonObject *props)
{
  const char *s;
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;

  if (!mig_props_get_string (props, "date", &s))
    return;
  if (sscanf (s, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      (date = g_date_time_new_local (year, month, day, 0, 0, 0)) == NULL)
    {
      g_warning ("Skipping saved date “%s”: it is not a date", s);
      return;
    }
  gtk_calendar_select_day (GTK_CALENDAR (widget), date);
}

static const MigStateAdapter calendar_adapter = { "calendar", TRUE, calendar_save, calendar_restore };

/* GtkColorChooser: GtkColorButton, GtkColorChooserWidget (deprecated in
 * GTK 4.10), through the interface's "rgba" property, which is not. */

static void
color_chooser_save (GtkWidget     *widget,
                    MigJsonWriter *props)
{
  g_autoptr(GdkRGBA) rgba = NULL;

  g_object_get (widget, "rgba", &rgba, NULL);
  if (rgba != NULL)
    mig_props_set_node (props, "rgba", mig_state_rgba_to_json (rgba));
}

static void
color_chooser_restore (GtkWidget  *widget,
                       JsonObject *props)
{
  JsonNode *node = json_object_get_member (props, "rgba");
  GdkRGBA rgba;

  if (node == NULL)
    return;
  if (mig_state_rgba_from_json (node, &rgba))
    g_object_set (widget, "rgba", &rgba, NULL);
  else
    g_warning ("Skipping the saved colour of %s: it is not a colour", G_OBJECT_TYPE_NAME (widget));
}

const MigStateAdapter mig_state_color_chooser_adapter = { "color-chooser", TRUE, color_chooser_save, color_chooser_restore };

/* AdwTabView: the selected page and which pages are pinned. */

static void
tab_view_save (GtkWidget  *widget,
               MigJsonWriter *props)
{
  AdwTabView *view = ADW_TAB_VIEW (widget);
  AdwTabPage *selected = adw_tab_view_get_selected_page (view);

  if (selected != NULL)
    mig_props_set_int (props, "selected", adw_tab_view_get_page_position (view, selected));
}

static void
tab_view_restore (GtkWidget  *widget,
                  JsonObject *props)
{
  AdwTabView *view = ADW_TAB_VIEW (widget);
  gint64 selected;

  if (mig_props_get_int (props, "selected", &selected) &&
      selected >= 0 && selected < adw_tab_view_get_n_pages (view))
    adw_tab_view_set_selected_page (view, adw_tab_view_get_nth_page (view, (int) selected));
}

static const MigStateAdapter tab_view_adapter = { "tab-view", FALSE, tab_view_save, tab_view_restore };

void
mig_state_register_builtins (void)
{
  struct { GType type; const MigStateAdapter *adapter; } builtins[] = {
    { GTK_TYPE_EDITABLE, &editable_adapter },
    { GTK_TYPE_TEXT_VIEW, &text_view_adapter },
    { GTK_TYPE_RANGE, &range_adapter },
    { GTK_TYPE_SPIN_BUTTON, &spin_button_adapter },
    { GTK_TYPE_CHECK_BUTTON, &check_button_adapter },
    { GTK_TYPE_TOGGLE_BUTTON, &toggle_button_adapter },
    { GTK_TYPE_SWITCH, &switch_adapter },
    { GTK_TYPE_DROP_DOWN, &drop_down_adapter },
    { GTK_TYPE_LIST_BOX, &list_box_adapter },
    { GTK_TYPE_LIST_VIEW, &mig_state_list_view_adapter },
    { GTK_TYPE_GRID_VIEW, &mig_state_list_view_adapter },
    { GTK_TYPE_NOTEBOOK, &notebook_adapter },
    { GTK_TYPE_STACK, &stack_adapter },
    { GTK_TYPE_PANED, &paned_adapter },
    { GTK_TYPE_EXPANDER, &expander_adapter },
    { GTK_TYPE_SCROLLED_WINDOW, &scrolled_window_adapter },
    { GTK_TYPE_CALENDAR, &calendar_adapter },
    { GTK_TYPE_COLOR_CHOOSER, &mig_state_color_chooser_adapter },
    { GTK_TYPE_FONT_CHOOSER, &font_chooser_adapter },
    { ADW_TYPE_EXPANDER_ROW, &expander_row_adapter },
    { ADW_TYPE_COMBO_ROW, &combo_row_adapter },
    { ADW_TYPE_VIEW_STACK, &stack_adapter },
    { ADW_TYPE_TAB_VIEW, &tab_view_adapter },
  };
  /* Deprecated in libadwaita 1.4: by name (mig_state_register_adapter_by_name). */
  struct { const char *name; const MigStateAdapter *adapter; } by_name[] = {
    { "AdwLeaflet", &stack_adapter },
    { "AdwFlap", &flap_adapter },
  };

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    mig_state_register_adapter (builtins[i].type, builtins[i].adapter);
  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    mig_state_register_adapter_by_name (by_name[i].name, by_name[i].adapter);
  mig_state_register_current_adapters ();
}
