/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-form.h"
#include "mig-form-tree.h"
#include "mig-state-private.h"

/*
 * A scope is a MigWindow or a MigForm: widget IDs are unique inside it, and
 * nested forms are scopes of their own, found again on restore by their name
 * and their rank among the forms of that name ("Name#1" is the second).
 *
 * All three walks below visit widgets in the same order, which is what makes
 * form ranks and focus paths stable between the source and the target.
 */

typedef struct
{
  MigJsonWriter *widgets;   /* inside this scope's "widgets" object */
  MigJsonWriter *forms;     /* inside this scope's "forms" array */
  GHashTable    *form_ranks;   /* form name → number seen so far */
  GPtrArray     *composites;   /* toolkit ancestors below the scope root */
  GString       *path;         /* form path of this scope, "" or "A#0/B#1/" */
  GtkWidget     *focus;        /* the widget whose path is wanted, or NULL */
  char         **focus_path;
  guint         *n_widgets;
} CaptureScope;

static const char *
form_name (GtkWidget *form)
{
  const char *name = mig_form_get_form_name (MIG_FORM (form));

  return name != NULL ? name : G_OBJECT_TYPE_NAME (form);
}

static guint
next_form_rank (GHashTable *ranks,
                const char *name)
{
  guint rank = GPOINTER_TO_UINT (g_hash_table_lookup (ranks, name));

  g_hash_table_insert (ranks, (gpointer) name, GUINT_TO_POINTER (rank + 1));
  return rank;
}

static const char *
scoped_id (GtkWidget *widget,
           GPtrArray *composites)
{
  const char *id = mig_widget_get_state_id (widget);

  if (id == NULL || mig_state_id_is_explicit (widget))
    return id;
  for (guint i = 0; i < composites->len; i++)
    if (mig_state_id_is_internal (widget, composites->pdata[i], id))
      return NULL;
  return id;
}

static gboolean
is_toolkit_composite (GtkWidget *widget)
{
  const char *name = G_OBJECT_TYPE_NAME (widget);

  return g_str_has_prefix (name, "Gtk") || g_str_has_prefix (name, "Adw");
}

/* A child that its container holds but has taken out of the widget tree,
 * so that walking the tree does not reach it: GTK 4's GtkExpander
 * unparents its child while it is collapsed.  Capture and restore reach
 * it all the same. */
static GtkWidget *
detached_child (GtkWidget *widget)
{
  GtkWidget *child = NULL;

  if (GTK_IS_EXPANDER (widget))
    child = gtk_expander_get_child (GTK_EXPANDER (widget));
  return child != NULL && gtk_widget_get_parent (child) == NULL ? child : NULL;
}

static void capture_into (GtkWidget     *root,
                          MigJsonWriter *scope_writer,
                          GString       *path,
                          GtkWidget     *focus,
                          char         **focus_path,
                          guint         *n_widgets);

static void
capture_widget (CaptureScope *scope,
                GtkWidget    *widget)
{
  const MigStateResolved *resolved;
  const char *id;
  gboolean composite;

  if (!mig_widget_get_continuable (widget))
    return;

  if (MIG_IS_FORM (widget))
    {
      const char *name = form_name (widget);
      gsize len = scope->path->len;

      g_string_append_printf (scope->path, "%s#%u/", name, next_form_rank (scope->form_ranks, name));
      mig_json_writer_begin_object (scope->forms);
      mig_json_writer_key (scope->forms, "name");
      mig_json_writer_string (scope->forms, name);
      capture_into (widget, scope->forms, scope->path, scope->focus, scope->focus_path, scope->n_widgets);
      mig_json_writer_end_object (scope->forms);
      g_string_truncate (scope->path, len);
      return;
    }

  resolved = mig_state_resolve (G_OBJECT_TYPE (widget));
  id = scoped_id (widget, scope->composites);

  if (id != NULL)
    {
      if (widget == scope->focus && scope->focus_path != NULL)
        *scope->focus_path = g_strconcat (scope->path->str, id, NULL);

      /* Two widgets with one ID in a scope: JSON keeps the later one. */
      if (mig_state_resolved_has_state (resolved))
        {
          MigJsonWriter *w = scope->widgets;

          mig_json_writer_key (w, id);
          mig_json_writer_begin_object (w);
          mig_json_writer_key (w, "class");
          mig_json_writer_string (w, G_OBJECT_TYPE_NAME (widget));
          mig_json_writer_key (w, "props");
          mig_json_writer_begin_object (w);
          mig_state_save_widget (widget, resolved, w);
          mig_json_writer_end_object (w);
          mig_json_writer_end_object (w);
          (*scope->n_widgets)++;
        }
    }

  if (resolved->leaf)
    return;

  composite = is_toolkit_composite (widget);
  if (composite)
    g_ptr_array_add (scope->composites, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    capture_widget (scope, child);
  if (detached_child (widget) != NULL)
    capture_widget (scope, detached_child (widget));
  if (composite)
    g_ptr_array_set_size (scope->composites, scope->composites->len - 1);
}

/* Writes the "widgets" and "forms" members of a scope.  Forms turn up in
 * the middle of the widgets, so they are written aside and appended. */
static void
capture_into (GtkWidget     *root,
              MigJsonWriter *scope_writer,
              GString       *path,
              GtkWidget     *focus,
              char         **focus_path,
              guint         *n_widgets)
{
  g_autoptr(GString) forms_out = g_string_new (NULL);
  MigJsonWriter forms;
  CaptureScope scope = {
    .widgets = scope_writer,
    .forms = &forms,
    .form_ranks = g_hash_table_new (g_str_hash, g_str_equal),
    .composites = g_ptr_array_new (),
    .path = path,
    .focus = focus,
    .focus_path = focus_path,
    .n_widgets = n_widgets,
  };

  mig_json_writer_init (&forms, forms_out);
  mig_json_writer_begin_array (&forms);
  mig_json_writer_key (scope_writer, "widgets");
  mig_json_writer_begin_object (scope_writer);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    capture_widget (&scope, child);

  mig_json_writer_end_object (scope_writer);
  mig_json_writer_end_array (&forms);
  mig_json_writer_key (scope_writer, "forms");
  mig_json_writer_raw (scope_writer, forms_out->str, forms_out->len);

  g_hash_table_unref (scope.form_ranks);
  g_ptr_array_unref (scope.composites);
}

/* Visiting a scope: every widget with an ID and a state, with its path
 * ("Form#k/…/id"), in the order of the capture above. */

typedef struct
{
  GHashTable        *form_ranks;
  GPtrArray         *composites;
  GString           *path;
  MigStateVisitFunc  visit;
  gpointer           data;
} WalkScope;

static void walk_into (GtkWidget         *root,
                       GString           *path,
                       MigStateVisitFunc  visit,
                       gpointer           data);

static void
walk_widget (WalkScope *scope,
             GtkWidget *widget)
{
  const MigStateResolved *resolved;
  const char *id;
  gboolean composite;

  if (!mig_widget_get_continuable (widget))
    return;

  if (MIG_IS_FORM (widget))
    {
      const char *name = form_name (widget);
      gsize len = scope->path->len;

      g_string_append_printf (scope->path, "%s#%u/", name, next_form_rank (scope->form_ranks, name));
      walk_into (widget, scope->path, scope->visit, scope->data);
      g_string_truncate (scope->path, len);
      return;
    }

  resolved = mig_state_resolve (G_OBJECT_TYPE (widget));
  id = scoped_id (widget, scope->composites);
  if (id != NULL && mig_state_resolved_has_state (resolved))
    {
      gsize len = scope->path->len;

      g_string_append (scope->path, id);
      scope->visit (widget, scope->path->str, resolved, scope->data);
      g_string_truncate (scope->path, len);
    }
  if (resolved->leaf)
    return;

  composite = is_toolkit_composite (widget);
  if (composite)
    g_ptr_array_add (scope->composites, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widget (scope, child);
  if (detached_child (widget) != NULL)
    walk_widget (scope, detached_child (widget));
  if (composite)
    g_ptr_array_set_size (scope->composites, scope->composites->len - 1);
}

static void
walk_into (GtkWidget         *root,
           GString           *path,
           MigStateVisitFunc  visit,
           gpointer           data)
{
  WalkScope scope = {
    .form_ranks = g_hash_table_new (g_str_hash, g_str_equal),
    .composites = g_ptr_array_new (),
    .path = path,
    .visit = visit,
    .data = data,
  };

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widget (&scope, child);
  g_hash_table_unref (scope.form_ranks);
  g_ptr_array_unref (scope.composites);
}

void
mig_state_walk_scope (GtkWidget         *root,
                      MigStateVisitFunc  visit,
                      gpointer           data)
{
  g_autoptr(GString) path = g_string_new (NULL);

  walk_into (root, path, visit, data);
}

/*
 * Finds the widget whose ID stands for @focus: the focus is often on an
 * internal child (the GtkText of an entry), so its nearest ancestor with an
 * ID inside @root is taken.
 */
static GtkWidget *
focus_owner (GtkWidget *root,
             GtkWidget *focus)
{
  for (GtkWidget *w = focus; w != NULL && w != root; w = gtk_widget_get_parent (w))
    {
      if (mig_widget_get_state_id (w) != NULL)
        return w;
    }
  return NULL;
}

void
mig_state_capture_scope (GtkWidget     *root,
                         MigJsonWriter *scope,
                         GtkWidget     *focus,
                         char         **focus_path,
                         guint         *n_widgets)
{
  g_autoptr(GString) path = g_string_new (NULL);

  if (focus_path != NULL)
    *focus_path = NULL;
  if (focus != NULL)
    focus = focus_owner (root, focus);
  capture_into (root, scope, path, focus, focus_path, n_widgets);
}

/* Restoring and finding walk the same way, driven by the saved scope. */

typedef struct
{
  JsonObject *widgets;      /* NULL when only finding */
  JsonArray  *forms;
  GHashTable *form_ranks;
  GPtrArray  *composites;
  char      **find_path;    /* when finding: the remaining "Form#k" segments, then the ID */
  GtkWidget  *found;
  GError    **error;
} RestoreScope;

static gboolean restore_into (GtkWidget   *root,
                              JsonObject  *scope_object,
                              char       **find_path,
                              GtkWidget  **found,
                              GError     **error);

static JsonObject *
find_saved_form (JsonArray  *forms,
                 const char *name,
                 guint       rank)
{
  for (guint i = 0; forms != NULL && i < json_array_get_length (forms); i++)
    {
      JsonObject *form = json_array_get_object_element (forms, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (form, "name", NULL), name) == 0 &&
          rank-- == 0)
        return form;
    }
  return NULL;
}

static gboolean
restore_entry (GtkWidget  *widget,
               const char *id,
               JsonObject *entry,
               GError    **error)
{
  const char *class_name = json_object_get_string_member (entry, "class");
  JsonObject *props = mig_json_get_object (entry, "props");

  if (g_strcmp0 (class_name, G_OBJECT_TYPE_NAME (widget)) != 0)
    {
      GType saved_type = g_type_from_name (class_name);

      /* Saved by a toolkit with widgets this one lacks: the rest of the
       * window comes back all the same. */
      if (saved_type == 0)
        {
          g_warning ("Skipping the saved state of “%s”: its widget class, %s, is not in this toolkit",
                     id, class_name);
          return TRUE;
        }
      g_warning ("Skipping the saved state of “%s”: it is a %s here, not a %s",
                 id, G_OBJECT_TYPE_NAME (widget), class_name);
      return TRUE;
    }

  mig_state_restore_widget (widget, mig_state_resolve (G_OBJECT_TYPE (widget)), props);
  return TRUE;
}

static gboolean
restore_widget (RestoreScope *scope,
                GtkWidget    *widget)
{
  const MigStateResolved *resolved;
  const char *id;
  gboolean composite;
  gboolean ok = TRUE;

  if (scope->found != NULL)
    return TRUE;

  if (MIG_IS_FORM (widget))
    {
      const char *name = form_name (widget);
      guint rank = next_form_rank (scope->form_ranks, name);

      if (scope->find_path != NULL)
        {
          g_autofree char *segment = g_strdup_printf ("%s#%u", name, rank);

          if (scope->find_path[1] != NULL && g_str_equal (scope->find_path[0], segment))
            return restore_into (widget, NULL, scope->find_path + 1, &scope->found, NULL);
          return TRUE;
        }

      return restore_into (widget, find_saved_form (scope->forms, name, rank), NULL, NULL, scope->error);
    }

  resolved = mig_state_resolve (G_OBJECT_TYPE (widget));
  id = scoped_id (widget, scope->composites);

  if (id != NULL && scope->find_path != NULL && scope->find_path[1] == NULL &&
      g_str_equal (id, scope->find_path[0]))
    {
      scope->found = widget;
      return TRUE;
    }

  /* What is in the tree is applied: whether a value may leave is decided
   * on the source, when the checkpoint is taken. */
  if (id != NULL && scope->widgets != NULL)
    {
      JsonObject *entry = mig_json_get_object (scope->widgets, id);

      if (entry != NULL && !restore_entry (widget, id, entry, scope->error))
        return FALSE;
    }

  if (resolved->leaf)
    return TRUE;

  composite = is_toolkit_composite (widget);
  if (composite)
    g_ptr_array_add (scope->composites, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && ok;
       child = gtk_widget_get_next_sibling (child))
    ok = restore_widget (scope, child);
  if (ok && detached_child (widget) != NULL)
    ok = restore_widget (scope, detached_child (widget));
  if (composite)
    g_ptr_array_set_size (scope->composites, scope->composites->len - 1);

  return ok;
}

static gboolean
restore_into (GtkWidget   *root,
              JsonObject  *scope_object,
              char       **find_path,
              GtkWidget  **found,
              GError     **error)
{
  RestoreScope scope = {
    .form_ranks = g_hash_table_new (g_str_hash, g_str_equal),
    .composites = g_ptr_array_new (),
    .error = error,
  };
  gboolean ok = TRUE;

  scope.find_path = find_path;
  if (scope_object != NULL)
    {
      scope.widgets = mig_json_get_object (scope_object, "widgets");
      scope.forms = mig_json_get_array (scope_object, "forms");
    }

  if (find_path != NULL || scope_object != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (root);
         child != NULL && ok && scope.found == NULL;
         child = gtk_widget_get_next_sibling (child))
      ok = restore_widget (&scope, child);

  if (found != NULL)
    *found = scope.found;
  g_hash_table_unref (scope.form_ranks);
  g_ptr_array_unref (scope.composites);
  return ok;
}

gboolean
mig_state_restore_scope (GtkWidget   *root,
                         JsonObject  *scope,
                         GError     **error)
{
  return restore_into (root, scope, NULL, NULL, error);
}

GtkWidget *
mig_state_find_path (GtkWidget  *root,
                     const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", MIG_FORM_TREE_MAX_DEPTH);
  GtkWidget *found = NULL;

  if (segments[0] == NULL || *segments[0] == '\0')
    return NULL;
  restore_into (root, NULL, segments, &found, NULL);
  return found;
}
