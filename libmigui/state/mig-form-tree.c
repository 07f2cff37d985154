/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-form-tree-private.h"
#include "mig-json-reader-private.h"
#include "mig-json-writer-private.h"
#include "mig-state-private.h"
#include <gtk/gtk.h>

/**
 * MigFormTree:
 *
 * A checkpoint of a whole application: its windows, their geometry and
 * widget values, its forms and its app-defined state, in the JSON format
 * "migui-form-tree" version 1.
 *
 * A tree read with [ctor@Mig.FormTree.new_from_data] has been validated:
 * every field it uses has the expected type, and the limits on size
 * (%MIG_FORM_TREE_MAX_SIZE), nesting (%MIG_FORM_TREE_MAX_DEPTH), widgets
 * (%MIG_FORM_TREE_MAX_WIDGETS) and windows (%MIG_FORM_TREE_MAX_WINDOWS) hold.
 * Unknown fields are ignored, so newer writers can add some.
 *
 * A tree made by a checkpoint in this process keeps the JSON text it was
 * written as, and parses it only when it is inspected or restored here: a
 * tree that is only sent or saved is never parsed on its way out.
 */

struct _MigFormTree
{
  GObject parent_instance;

  JsonNode *root;        /* NULL until the text is parsed */
  GString *text;         /* the JSON text while it is known to match root */
  MigRestoreReason reason;
  guint n_widgets;
  GVariant *suitcase;
  GVariant *channels;
  GVariant *remote_form;
  GVariant *form_shares;
  GPtrArray *window_states;      /* GVariant a{sv} or NULL, one per window */
  MigDeviceProfile *origin_profile;
  GDateTime *created;
  gboolean trusted;     /* made by this process: widget entries are not re-checked */
};

G_DEFINE_FINAL_TYPE (MigFormTree, mig_form_tree, G_TYPE_OBJECT)

static const char * const reason_names[] = { "migrate", "clone", "file", "recover" };

/* Window types registered by any MigApplication of this process: a tree
 * naming another one is refused as soon as it is read.  Empty in programs
 * without an application (a tool that only reads trees). */
static GHashTable *allowed_window_types;

void
mig_form_tree_allow_window_type (GType window_type)
{
  if (allowed_window_types == NULL)
    allowed_window_types = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (allowed_window_types, (gpointer) g_type_name (window_type));
}

/*
 * A widget class must be a GtkWidget type this process has.  GTK registers
 * its types lazily, so all of them are registered before the first lookup
 * fails; the application's own widget types must be registered before its
 * trees are read (templates already require it; a widget built in code can
 * use g_type_ensure() or mig_state_register()).
 */
/* A type this process knows that is not a widget: a class name that is
 * not known at all may be a widget of another toolkit version, skipped
 * when the tree is restored. */
static gboolean
is_non_widget_type (const char *name)
{
  static gboolean toolkit_registered;
  GType type = g_type_from_name (name);

  if (type == 0 && !toolkit_registered)
    {
      toolkit_registered = TRUE;
      gtk_test_register_all_types ();
      mig_state_resolve (GTK_TYPE_WIDGET);
      type = g_type_from_name (name);
    }
  return type != 0 && !g_type_is_a (type, GTK_TYPE_WIDGET);
}

const char *
mig_restore_reason_to_string (MigRestoreReason reason)
{
  g_assert (reason < G_N_ELEMENTS (reason_names));
  return reason_names[reason];
}

static void
mig_form_tree_finalize (GObject *object)
{
  MigFormTree *self = MIG_FORM_TREE (object);

  g_clear_pointer (&self->root, json_node_unref);
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_clear_pointer (&self->suitcase, g_variant_unref);
  g_clear_pointer (&self->channels, g_variant_unref);
  g_clear_pointer (&self->remote_form, g_variant_unref);
  g_clear_pointer (&self->form_shares, g_variant_unref);
  g_clear_pointer (&self->window_states, g_ptr_array_unref);
  g_clear_object (&self->origin_profile);
  g_clear_pointer (&self->created, g_date_time_unref);

  G_OBJECT_CLASS (mig_form_tree_parent_class)->finalize (object);
}

static void
mig_form_tree_class_init (MigFormTreeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mig_form_tree_finalize;
}

static void
unref_state (gpointer state)
{
  /* Windows without saved state hold NULL. */
  g_clear_pointer (&state, g_variant_unref);
}

static void
mig_form_tree_init (MigFormTree *self)
{
  self->window_states = g_ptr_array_new_with_free_func (unref_state);
}

static void
too_many_widgets (GError **error)
{
  g_set_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
               _("The form tree has more than %d widgets"), MIG_FORM_TREE_MAX_WIDGETS);
}

static void
too_many_windows (GError **error)
{
  g_set_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
               _("The form tree has more than %d windows"), MIG_FORM_TREE_MAX_WINDOWS);
}

/* Validation.  Every check names the place in the tree, so that the error
 * tells a developer what to look at. */

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (GError    **error,
         const char *where,
         const char *format,
         ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_TREE,
               _("The form tree is invalid: %s %s"), where, detail);
  return FALSE;
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static gboolean
is_value (JsonNode *node,
          GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
get_object (JsonObject  *parent,
            const char  *name,
            gboolean     required,
            const char  *where,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = member (parent, name);

  *out = NULL;
  if (node == NULL)
    return !required || invalid (error, where, _("lacks the object “%s”"), name);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, _("has “%s” that is not an object"), name);
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_string (JsonObject  *parent,
            const char  *name,
            gboolean     required,
            const char  *where,
            const char **out,
            GError     **error)
{
  JsonNode *node = member (parent, name);

  *out = NULL;
  if (node == NULL)
    return !required || invalid (error, where, _("lacks the string “%s”"), name);
  if (!is_value (node, G_TYPE_STRING))
    return invalid (error, where, _("has “%s” that is not a string"), name);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject *parent,
         const char *name,
         gint64      min,
         gint64      max,
         const char *where,
         gint64     *out,
         GError    **error)
{
  JsonNode *node = member (parent, name);

  if (node == NULL)
    return TRUE;
  if (!is_value (node, G_TYPE_INT64))
    return invalid (error, where, _("has “%s” that is not a whole number"), name);
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return invalid (error, where, _("has “%s” out of range"), name);
  return TRUE;
}

static gboolean
get_bool (JsonObject *parent,
          const char *name,
          const char *where,
          GError    **error)
{
  JsonNode *node = member (parent, name);

  if (node != NULL && !is_value (node, G_TYPE_BOOLEAN))
    return invalid (error, where, _("has “%s” that is not true or false"), name);
  return TRUE;
}

static gboolean
is_type_name (const char *name)
{
  /* The syntax g_type_register_static() accepts. */
  if (name == NULL || !g_ascii_isalpha (name[0]) || strlen (name) > 256)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '+')
      return FALSE;
  return TRUE;
}

static gboolean
get_variant (JsonObject  *parent,
             const char  *name,
             const char  *where,
             GVariant   **out,
             GError     **error)
{
  JsonNode *node = member (parent, name);
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *out = mig_state_variant_from_json (node, &local_error);
  if (*out == NULL)
    return invalid (error, where, _("has “%s” that is not a typed value"), name);
  if (!g_variant_is_of_type (*out, G_VARIANT_TYPE_VARDICT))
    {
      g_clear_pointer (out, g_variant_unref);
      return invalid (error, where, _("has “%s” that is not a dictionary (a{sv})"), name);
    }
  return TRUE;
}

static gboolean
validate_scope (JsonObject *scope,
                const char *where,
                gboolean    trusted,
                guint      *n_widgets,
                GError    **error)
{
  JsonObject *widgets;
  JsonNode *forms_node;
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  if (!get_object (scope, "widgets", FALSE, where, &widgets, error))
    return FALSE;

  if (widgets != NULL && trusted)
    {
      *n_widgets += json_object_get_size (widgets);
      if (*n_widgets > MIG_FORM_TREE_MAX_WIDGETS)
        {
          too_many_widgets (error);
          return FALSE;
        }
    }
  else if (widgets != NULL)
    {
      json_object_iter_init (&iter, widgets);
      while (json_object_iter_next (&iter, &id, &entry))
        {
          JsonObject *entry_object = NULL;
          JsonNode *class_node = NULL, *props_node = NULL;
          const char *problem = NULL;

          if (++(*n_widgets) > MIG_FORM_TREE_MAX_WIDGETS)
            {
              too_many_widgets (error);
              return FALSE;
            }

          /* The path to the entry is only spelled out for an error. */
          if (*id == '\0')
            problem = _("has an empty ID");
          else if (!JSON_NODE_HOLDS_OBJECT (entry))
            problem = _("is not an object");
          else if (entry_object = json_node_get_object (entry),
                   (class_node = json_object_get_member (entry_object, "class")) == NULL ||
                   !is_value (class_node, G_TYPE_STRING))
            problem = _("lacks a string “class”");
          else if ((props_node = json_object_get_member (entry_object, "props")) == NULL ||
                   !JSON_NODE_HOLDS_OBJECT (props_node))
            problem = _("lacks an object “props”");
          else if (!is_type_name (json_node_get_string (class_node)))
            problem = _("names a class that is not a type name");

          if (problem != NULL)
            {
              g_autofree char *here = g_strdup_printf ("%s.widgets[\"%s\"]", where, id);
              return invalid (error, here, "%s", problem);
            }
          if (is_non_widget_type (json_node_get_string (class_node)))
            {
              g_set_error (error, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE,
                           _("The saved state of “%s” names %s, which is not a widget class"),
                           id, json_node_get_string (class_node));
              return FALSE;
            }
        }
    }

  forms_node = member (scope, "forms");
  if (forms_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (forms_node))
    return invalid (error, where, _("has “forms” that is not a list"));

  for (guint i = 0; i < json_array_get_length (json_node_get_array (forms_node)); i++)
    {
      JsonNode *form = json_array_get_element (json_node_get_array (forms_node), i);
      g_autofree char *here = g_strdup_printf ("%s.forms[%u]", where, i);
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (form))
        return invalid (error, here, _("is not an object"));
      if (!get_string (json_node_get_object (form), "name", TRUE, here, &name, error) ||
          !validate_scope (json_node_get_object (form), here, trusted, n_widgets, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_window (MigFormTree *self,
                 JsonObject  *window,
                 guint        index,
                 GError     **error)
{
  g_autofree char *where = g_strdup_printf ("windows[%u]", index);
  JsonObject *geometry;
  const char *type, *focus;
  gint64 value;
  GVariant *state;

  if (!get_string (window, "type", TRUE, where, &type, error))
    return FALSE;
  if (!is_type_name (type))
    return invalid (error, where, _("names a type “%s” that is not a type name"), type);
  if (!self->trusted && allowed_window_types != NULL && !g_hash_table_contains (allowed_window_types, type))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE,
                   _("The checkpoint has a window of type %s, which this application "
                     "does not allow to be restored"), type);
      return FALSE;
    }
  if (!get_int (window, "index", 0, MIG_FORM_TREE_MAX_WINDOWS, where, &value, error) ||
      !get_string (window, "focus", FALSE, where, &focus, error) ||
      !get_object (window, "geometry", FALSE, where, &geometry, error))
    return FALSE;

  if (geometry != NULL)
    {
      g_autofree char *here = g_strconcat (where, ".geometry", NULL);

      if (!get_int (geometry, "width", -1, 100000, here, &value, error) ||
          !get_int (geometry, "height", -1, 100000, here, &value, error) ||
          !get_bool (geometry, "maximized", here, error) ||
          !get_bool (geometry, "fullscreen", here, error))
        return FALSE;
    }

  if (!get_variant (window, "state", where, &state, error))
    return FALSE;
  g_ptr_array_add (self->window_states, state);

  return validate_scope (window, where, self->trusted, &self->n_widgets, error);
}

static gboolean
validate_origin (MigFormTree *self,
                 JsonObject  *root,
                 GError     **error)
{
  JsonObject *origin, *profile;
  const char *s;
  gint64 width = 0, height = 0, scale = 1;
  MigFormFactor form_factor = MIG_FORM_FACTOR_DESKTOP;

  if (!get_object (root, "origin", FALSE, "the root", &origin, error) ||
      !get_string (origin, "device", FALSE, "origin", &s, error) ||
      !get_string (origin, "name", FALSE, "origin", &s, error) ||
      !get_object (origin, "profile", FALSE, "origin", &profile, error))
    return FALSE;
  if (profile == NULL)
    return TRUE;

  if (!get_string (profile, "form-factor", FALSE, "origin.profile", &s, error) ||
      !get_int (profile, "width", 0, 100000, "origin.profile", &width, error) ||
      !get_int (profile, "height", 0, 100000, "origin.profile", &height, error) ||
      !get_int (profile, "scale", 1, 16, "origin.profile", &scale, error) ||
      !get_bool (profile, "touch", "origin.profile", error))
    return FALSE;
  if (s != NULL && !mig_form_factor_from_string (s, &form_factor))
    return invalid (error, "origin.profile", _("names an unknown form factor “%s”"), s);

  self->origin_profile = mig_device_profile_new (form_factor, (int) width, (int) height, (int) scale,
                                                 json_object_get_boolean_member_with_default (profile, "touch", FALSE));
  return TRUE;
}

static gboolean
validate_root (MigFormTree *self,
               GError     **error)
{
  JsonObject *root, *app;
  JsonNode *windows;
  const char *s;
  gint64 version = 0;

  if (!JSON_NODE_HOLDS_OBJECT (self->root))
    return invalid (error, _("the root"), _("is not an object"));
  root = json_node_get_object (self->root);

  if (!get_string (root, "format", TRUE, _("the root"), &s, error))
    return FALSE;
  if (!g_str_equal (s, "migui-form-tree"))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_TREE,
                   _("This is not a libmigui form tree (its format is “%s”)"), s);
      return FALSE;
    }
  if (!is_value (member (root, "version"), G_TYPE_INT64))
    return invalid (error, _("the root"), _("lacks a whole-number “version”"));
  version = json_object_get_int_member (root, "version");
  if (version > MIG_FORM_TREE_FORMAT_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, MIG_ERROR, MIG_ERROR_VERSION_MISMATCH,
                   _("The form tree was written in format version %s, newer than this "
                     "libmigui can read (%d); update libmigui"),
                   number, MIG_FORM_TREE_FORMAT_VERSION);
      return FALSE;
    }
  if (version < 1)
    return invalid (error, _("the root"), _("has an impossible version"));

  if (!get_object (root, "app", TRUE, _("the root"), &app, error) ||
      !get_string (app, "id", TRUE, "app", &s, error))
    return FALSE;
  if (!g_application_id_is_valid (s))
    return invalid (error, "app", _("has an application ID “%s” that is not valid"), s);
  if (!get_string (app, "version", FALSE, "app", &s, error))
    return FALSE;

  if (!get_string (root, "reason", FALSE, _("the root"), &s, error))
    return FALSE;
  self->reason = MIG_RESTORE_REASON_FILE;
  if (s != NULL)
    {
      guint i;
      for (i = 0; i < G_N_ELEMENTS (reason_names) && !g_str_equal (s, reason_names[i]); i++)
        ;
      if (i == G_N_ELEMENTS (reason_names))
        return invalid (error, _("the root"), _("has an unknown reason “%s”"), s);
      self->reason = i;
    }

  if (!get_string (root, "created", FALSE, _("the root"), &s, error))
    return FALSE;
  if (s != NULL && (self->created = g_date_time_new_from_iso8601 (s, NULL)) == NULL)
    return invalid (error, _("the root"), _("has a creation date “%s” that is not a date"), s);

  if (!validate_origin (self, root, error) ||
      !get_variant (root, "suitcase", _("the root"), &self->suitcase, error) ||
      !get_variant (root, "channels", _("the root"), &self->channels, error) ||
      !get_variant (root, "remote-form", _("the root"), &self->remote_form, error) ||
      !get_variant (root, "form-shares", _("the root"), &self->form_shares, error))
    return FALSE;

  windows = member (root, "windows");
  if (windows == NULL || !JSON_NODE_HOLDS_ARRAY (windows))
    return invalid (error, _("the root"), _("lacks the list “windows”"));
  if (json_array_get_length (json_node_get_array (windows)) > MIG_FORM_TREE_MAX_WINDOWS)
    {
      too_many_windows (error);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (windows)); i++)
    {
      JsonNode *window = json_array_get_element (json_node_get_array (windows), i);

      if (!JSON_NODE_HOLDS_OBJECT (window))
        {
          g_autofree char *where = g_strdup_printf ("windows[%u]", i);
          return invalid (error, where, _("is not an object"));
        }
      if (!validate_window (self, json_node_get_object (window), i, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
mig_form_tree_check_size (gsize    size,
                          GError **error)
{
  if (size <= MIG_FORM_TREE_MAX_SIZE)
    return TRUE;

  g_autofree char *number = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

  g_set_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
               _("The form tree is %s bytes, more than the limit of %d bytes"),
               number, MIG_FORM_TREE_MAX_SIZE);
  return FALSE;
}

/* Parsers recurse once per nesting level, so depth is checked on the raw
 * bytes before anything is parsed. */
static gboolean
check_depth (const char *data,
             gsize       length,
             GError    **error)
{
  if (mig_json_depth_exceeds (data, length, MIG_FORM_TREE_MAX_DEPTH))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
                   _("The form tree is nested more than %d levels deep"),
                   MIG_FORM_TREE_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

/**
 * mig_form_tree_new_from_data:
 * @data: (array length=length) (element-type guint8): the serialized tree
 * @length: the length of @data, or -1 if it is nul-terminated
 * @error: return location for a `GError`
 *
 * Parses and validates a serialized form tree.  Any input, however
 * malformed or hostile, gives either a tree or an error in the `MIG_ERROR`
 * domain: %MIG_ERROR_TOO_LARGE, %MIG_ERROR_VERSION_MISMATCH,
 * %MIG_ERROR_INVALID_TREE, or %MIG_ERROR_UNKNOWN_TYPE for a widget class
 * that is not a `GtkWidget` type of this process, or a window type that no
 * [class@Mig.Application] of this process registered.  Register custom
 * widget types (g_type_ensure(), [func@Mig.state_register]) before reading
 * trees that hold them.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set
 */
MigFormTree *
mig_form_tree_new_from_data (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(MigFormTree) self = NULL;
  JsonNode *root;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!mig_form_tree_check_size (size, error) || !check_depth (data, size, error))
    return NULL;

  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, MIG_ERROR, MIG_ERROR_INVALID_TREE,
                           _("The form tree is not valid UTF-8 text"));
      return NULL;
    }

  root = mig_json_read (data, size, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (MIG_TYPE_FORM_TREE, NULL);
  self->root = root;
  if (!validate_root (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mig_form_tree_new_from_file:
 * @file: a `.migui` file
 * @error: return location for a `GError`
 *
 * Reads and validates a form tree from @file.  A file larger than
 * %MIG_FORM_TREE_MAX_SIZE is refused before it is read whole.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set
 */
MigFormTree *
mig_form_tree_new_from_file (GFile   *file,
                             GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL ||
      !mig_form_tree_check_size ((gsize) g_file_info_get_size (info), error) ||
      !g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  return mig_form_tree_new_from_data (contents, (gssize) length, error);
}

MigFormTree *
mig_form_tree_new_take_text (GString           *text,
                             MigRestoreReason   reason,
                             guint              n_windows,
                             guint              n_widgets,
                             GError           **error)
{
  MigFormTree *self;

  if (n_windows > MIG_FORM_TREE_MAX_WINDOWS)
    {
      g_string_free (text, TRUE);
      too_many_windows (error);
      return NULL;
    }
  if (n_widgets > MIG_FORM_TREE_MAX_WIDGETS)
    {
      g_string_free (text, TRUE);
      too_many_widgets (error);
      return NULL;
    }

  self = g_object_new (MIG_TYPE_FORM_TREE, NULL);
  self->text = text;
  self->reason = reason;
  self->n_widgets = n_widgets;
  /* Written by this process's checkpoint: the limits are checked above,
   * the widget entries, which it wrote itself, are not checked again. */
  self->trusted = TRUE;
  return self;
}

/* Parses the text of a checkpoint the first time the tree is looked into. */
static void
ensure_root (MigFormTree *self)
{
  g_autoptr(GError) error = NULL;

  if (self->root != NULL)
    return;

  self->root = mig_json_read (self->text->str, self->text->len, &error);
  if (self->root != NULL)
    {
      self->n_widgets = 0;
      if (validate_root (self, &error))
        return;
    }

  /* A bug of ours, not bad input: say so, and go on with an empty tree
   * rather than take the application down. */
  g_critical ("libmigui cannot read back a checkpoint it wrote: %s", error->message);
  g_clear_pointer (&self->root, json_node_unref);
  g_ptr_array_set_size (self->window_states, 0);
  g_clear_pointer (&self->suitcase, g_variant_unref);
  g_clear_pointer (&self->channels, g_variant_unref);
  g_clear_pointer (&self->remote_form, g_variant_unref);
  g_clear_pointer (&self->form_shares, g_variant_unref);
  g_clear_object (&self->origin_profile);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_error (&error);
  self->n_widgets = 0;
  {
    static const char empty[] = "{\"format\":\"migui-form-tree\",\"version\":1,"
                                "\"app\":{\"id\":\"org.migui.Invalid\"},\"windows\":[]}";
    self->root = mig_json_read (empty, sizeof empty - 1, NULL);
    validate_root (self, NULL);
  }
}

/**
 * mig_form_tree_to_data:
 * @self: a `MigFormTree`
 * @length: (out) (optional): return location for the length
 *
 * Serializes @self as compact JSON.
 *
 * Returns: (transfer full): the serialized tree
 */
char *
mig_form_tree_to_data (MigFormTree *self,
                       gsize       *length)
{
  GString *out;
  MigJsonWriter writer;

  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);

  if (self->text != NULL)
    {
      if (length != NULL)
        *length = self->text->len;
      return g_memdup2 (self->text->str, self->text->len + 1);
    }

  out = g_string_new (NULL);
  mig_json_writer_init (&writer, out);
  mig_json_writer_node (&writer, self->root);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

static JsonObject *
peek_root (MigFormTree *self)
{
  ensure_root (self);
  return json_node_get_object (self->root);
}

/* For changing the tree: the text no longer says what the tree holds. */
JsonObject *
mig_form_tree_get_root (MigFormTree *self)
{
  JsonObject *root = peek_root (self);

  if (self->text != NULL)
    {
      g_string_free (self->text, TRUE);
      self->text = NULL;
    }
  return root;
}

JsonObject *
mig_form_tree_get_window (MigFormTree *self,
                          guint        index)
{
  JsonArray *windows = mig_json_get_array (peek_root (self), "windows");

  return json_array_get_object_element (windows, index);
}

GVariant *
mig_form_tree_get_window_state (MigFormTree *self,
                                guint        index)
{
  ensure_root (self);
  return g_ptr_array_index (self->window_states, index);
}

/**
 * mig_form_tree_get_app_id:
 * @self: a `MigFormTree`
 *
 * Gets the ID of the application the tree belongs to.
 *
 * Returns: the application ID
 */
const char *
mig_form_tree_get_app_id (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);
  return json_object_get_string_member (mig_json_get_object (peek_root (self), "app"), "id");
}

/**
 * mig_form_tree_get_app_version:
 * @self: a `MigFormTree`
 *
 * Gets the version of the application that wrote the tree.
 *
 * Returns: (nullable): the version
 */
const char *
mig_form_tree_get_app_version (MigFormTree *self)
{
  JsonObject *app;

  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);
  app = mig_json_get_object (peek_root (self), "app");
  return json_object_get_string_member_with_default (app, "version", NULL);
}

/**
 * mig_form_tree_get_version:
 * @self: a `MigFormTree`
 *
 * Gets the format version of the tree.
 *
 * Returns: the format version
 */
int
mig_form_tree_get_version (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), 0);
  return (int) json_object_get_int_member (peek_root (self), "version");
}

/**
 * mig_form_tree_get_reason:
 * @self: a `MigFormTree`
 *
 * Gets why the tree was made.
 *
 * Returns: the reason recorded in the tree
 */
MigRestoreReason
mig_form_tree_get_reason (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), MIG_RESTORE_REASON_FILE);
  return self->reason;
}

/**
 * mig_form_tree_set_reason:
 * @self: a `MigFormTree`
 * @reason: the reason
 *
 * Records why the tree is made: a migration, a clone, a file or a recovery
 * checkpoint.
 */
void
mig_form_tree_set_reason (MigFormTree      *self,
                          MigRestoreReason  reason)
{
  g_return_if_fail (MIG_IS_FORM_TREE (self));
  g_return_if_fail (reason <= MIG_RESTORE_REASON_RECOVER);

  self->reason = reason;
  json_object_set_string_member (mig_form_tree_get_root (self), "reason", reason_names[reason]);
}

/**
 * mig_form_tree_get_created:
 * @self: a `MigFormTree`
 *
 * Gets when the tree was made.
 *
 * Returns: (nullable) (transfer none): the creation time
 */
GDateTime *
mig_form_tree_get_created (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);
  ensure_root (self);
  return self->created;
}

/**
 * mig_form_tree_get_origin_name:
 * @self: a `MigFormTree`
 *
 * Gets the name of the device the tree was made on.
 *
 * Returns: (nullable): the device name
 */
const char *
mig_form_tree_get_origin_name (MigFormTree *self)
{
  JsonObject *origin;

  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);
  origin = mig_json_get_object (peek_root (self), "origin");
  return origin != NULL ? json_object_get_string_member_with_default (origin, "name", NULL) : NULL;
}

/**
 * mig_form_tree_get_origin_profile:
 * @self: a `MigFormTree`
 *
 * Gets the profile of the device the tree was made on.
 *
 * Returns: (nullable) (transfer none): the origin profile
 */
MigDeviceProfile *
mig_form_tree_get_origin_profile (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);
  ensure_root (self);
  return self->origin_profile;
}

/**
 * mig_form_tree_get_n_windows:
 * @self: a `MigFormTree`
 *
 * Gets the number of windows in the tree.
 *
 * Returns: the number of windows
 */
guint
mig_form_tree_get_n_windows (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), 0);
  ensure_root (self);
  return self->window_states->len;
}

/**
 * mig_form_tree_get_window_type_name:
 * @self: a `MigFormTree`
 * @index: a window index
 *
 * Gets the type name of a window in the tree.
 *
 * Returns: (nullable): the type name, or %NULL if @index is out of range
 */
const char *
mig_form_tree_get_window_type_name (MigFormTree *self,
                                    guint        index)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);

  ensure_root (self);
  if (index >= self->window_states->len)
    return NULL;
  return json_object_get_string_member (mig_form_tree_get_window (self, index), "type");
}

/**
 * mig_form_tree_get_n_widgets:
 * @self: a `MigFormTree`
 *
 * Gets the number of widget entries in the tree, over all windows and forms.
 *
 * Returns: the number of widgets
 */
guint
mig_form_tree_get_n_widgets (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), 0);
  return self->n_widgets;
}

/* The application's channels (docs/form-tree.md): an a{sv} of name →
 * a{sv}, checked by the net layer when they are restored. */
GVariant *
mig_form_tree_get_channels (MigFormTree *self)
{
  ensure_root (self);
  return self->channels;
}

/* A form sent to another device on its own (docs/form-tree.md,
 * "remote-form"): an a{sv}, checked by the application layer. */
GVariant *
mig_form_tree_get_remote_form (MigFormTree *self)
{
  ensure_root (self);
  return self->remote_form;
}

/* The copies of the application's forms on other devices (docs/form-tree.md,
 * "form-shares"): an aa{sv}, checked by the application layer. */
GVariant *
mig_form_tree_get_form_shares (MigFormTree *self)
{
  ensure_root (self);
  return self->form_shares;
}

/**
 * mig_form_tree_get_suitcase:
 * @self: a `MigFormTree`
 *
 * Gets the application-wide state saved by
 * [signal@Mig.Application::save-state].
 *
 * Returns: (nullable) (transfer none): the suitcase, an `a{sv}`
 */
GVariant *
mig_form_tree_get_suitcase (MigFormTree *self)
{
  g_return_val_if_fail (MIG_IS_FORM_TREE (self), NULL);
  ensure_root (self);
  return self->suitcase;
}
