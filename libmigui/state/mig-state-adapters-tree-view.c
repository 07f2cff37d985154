/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-state-private.h"

/*
 * GtkTreeView: the selected rows, the expanded rows, the cursor and the
 * first row in view, each as a tree path ("0:3:1").
 *
 * GTK 4.10 deprecated GtkTreeView with everything it is made of (its
 * selection, paths, models), and many applications still use it.  Its
 * state cannot be read through properties, so this file, and it alone in
 * libmigui, calls deprecated functions: with the deprecation warnings
 * silenced here, not anywhere else.
 */

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

#define MAX_SAVED_PATHS 10000

static void
write_path (MigJsonWriter *props,
            GtkTreePath   *path)
{
  g_autofree char *s = gtk_tree_path_to_string (path);

  mig_json_writer_string (props, s);
}

static void
add_expanded (GtkTreeView *view,
              GtkTreePath *path,
              gpointer     data)
{
  GPtrArray *paths = data;

  if (paths->len < MAX_SAVED_PATHS)
    g_ptr_array_add (paths, gtk_tree_path_copy (path));
}

static void
tree_view_save (GtkWidget     *widget,
                MigJsonWriter *props)
{
  GtkTreeView *view = GTK_TREE_VIEW (widget);
  g_autoptr(GPtrArray) expanded = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_tree_path_free);
  GList *selected;
  GtkTreePath *cursor = NULL, *start = NULL, *end = NULL;
  guint n = 0;

  if (gtk_tree_view_get_model (view) == NULL)
    return;

  gtk_tree_view_map_expanded_rows (view, add_expanded, expanded);
  mig_json_writer_key (props, "expanded");
  mig_json_writer_begin_array (props);
  for (guint i = 0; i < expanded->len; i++)
    write_path (props, expanded->pdata[i]);
  mig_json_writer_end_array (props);

  selected = gtk_tree_selection_get_selected_rows (gtk_tree_view_get_selection (view), NULL);
  mig_json_writer_key (props, "selected");
  mig_json_writer_begin_array (props);
  for (GList *l = selected; l != NULL && n < MAX_SAVED_PATHS; l = l->next, n++)
    write_path (props, l->data);
  mig_json_writer_end_array (props);
  g_list_free_full (selected, (GDestroyNotify) gtk_tree_path_free);

  gtk_tree_view_get_cursor (view, &cursor, NULL);
  if (cursor != NULL)
    {
      mig_json_writer_key (props, "cursor");
      write_path (props, cursor);
      gtk_tree_path_free (cursor);
    }

  /* Only a laid-out view knows its rows in view; else it shows the first. */
  if (gtk_widget_get_realized (widget) && gtk_tree_view_get_visible_range (view, &start, &end))
    {
      mig_json_writer_key (props, "top-row");
      write_path (props, start);
      gtk_tree_path_free (start);
      gtk_tree_path_free (end);
    }
}

/* A saved path, if it names a row of the model. */
static GtkTreePath *
read_path (GtkTreeModel *model,
           JsonNode     *node)
{
  GtkTreePath *path;
  GtkTreeIter iter;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  path = gtk_tree_path_new_from_string (json_node_get_string (node));
  if (path != NULL && !gtk_tree_model_get_iter (model, &iter, path))
    g_clear_pointer (&path, gtk_tree_path_free);
  return path;
}

static void
tree_view_restore (GtkWidget  *widget,
                   JsonObject *props)
{
  GtkTreeView *view = GTK_TREE_VIEW (widget);
  GtkTreeModel *model = gtk_tree_view_get_model (view);
  GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
  JsonArray *expanded = mig_props_get_array (props, "expanded");
  JsonArray *selected = mig_props_get_array (props, "selected");
  GtkTreePath *path;
  guint skipped = 0;

  if (model == NULL)
    return;

  for (guint i = 0; expanded != NULL && i < json_array_get_length (expanded); i++)
    if ((path = read_path (model, json_array_get_element (expanded, i))) != NULL)
      {
        gtk_tree_view_expand_row (view, path, FALSE);
        gtk_tree_path_free (path);
      }
    else
      skipped++;

  /* The cursor first: in single and browse modes, moving it selects. */
  if ((path = read_path (model, json_object_get_member (props, "cursor"))) != NULL)
    {
      gtk_tree_view_set_cursor (view, path, NULL, FALSE);
      gtk_tree_path_free (path);
    }

  if (selected != NULL)
    {
      gtk_tree_selection_unselect_all (selection);
      for (guint i = 0; i < json_array_get_length (selected); i++)
        if ((path = read_path (model, json_array_get_element (selected, i))) != NULL)
          {
            gtk_tree_selection_select_path (selection, path);
            gtk_tree_path_free (path);
          }
        else
          skipped++;
    }

  /* Scrolled once the view is laid out. */
  if ((path = read_path (model, json_object_get_member (props, "top-row"))) != NULL)
    {
      gtk_tree_view_scroll_to_cell (view, path, NULL, TRUE, 0, 0);
      gtk_tree_path_free (path);
    }

  if (skipped > 0)
    g_warning ("Skipping %u saved rows of %s: the model has no such rows", skipped, G_OBJECT_TYPE_NAME (widget));
}

G_GNUC_END_IGNORE_DEPRECATIONS

const MigStateAdapter mig_state_tree_view_adapter = { "tree-view", TRUE, tree_view_save, tree_view_restore };
