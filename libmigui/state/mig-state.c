/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-state-private.h"
#include "mig-stateful.h"

/**
 * mig_state_register:
 * @widget_type: a `GtkWidget` type
 * @first_property_name: the first user-mutable property of @widget_type
 * @...: more property names, then %NULL
 *
 * Declares user-mutable properties of @widget_type (and of its subtypes),
 * so that their values are captured by a checkpoint and applied on restore
 * for every widget of that type that has a state ID.
 *
 * The properties must be readable and writable.  They add to what a
 * built-in adapter already saves for the type.  Values travel as JSON and are
 * converted back with the property's `GParamSpec`; a value that no longer
 * fits is skipped with a warning.
 */

static GHashTable *adapters;   /* GType → const MigStateAdapter* */
static GHashTable *adapters_by_name; /* type name → const MigStateAdapter* */
static GHashTable *registered; /* GType → GPtrArray<GParamSpec*> */
static GHashTable *resolved;   /* GType → MigStateResolved* */
static GQuark quark_state_id;
static GQuark quark_continuable;

static void
ensure_tables (void)
{
  if (G_LIKELY (adapters != NULL))
    return;

  adapters = g_hash_table_new (NULL, NULL);
  adapters_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  registered = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  resolved = g_hash_table_new (NULL, NULL);
  quark_state_id = g_quark_from_static_string ("mig-state-id");
  quark_continuable = g_quark_from_static_string ("mig-continuable");
  mig_state_register_builtins ();
}

static void
invalidate_resolved (void)
{
  GHashTableIter iter;
  MigStateResolved *r;

  g_hash_table_iter_init (&iter, resolved);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
    {
      g_clear_pointer (&r->pspecs, g_ptr_array_unref);
      g_free (r);
    }
  g_hash_table_remove_all (resolved);
}

void
mig_state_register_adapter (GType                  type,
                            const MigStateAdapter *adapter)
{
  g_assert (adapter != NULL);

  g_hash_table_insert (adapters, GSIZE_TO_POINTER (type), (gpointer) adapter);
  if (resolved != NULL)
    invalidate_resolved ();
}

/* For widget classes whose get_type() is deprecated (AdwLeaflet, AdwFlap,
 * GtkComboBox, GtkTreeView...), or that only newer toolkits have: matched by
 * name, so that no deprecated call is compiled. */
void
mig_state_register_adapter_by_name (const char            *type_name,
                                    const MigStateAdapter *adapter)
{
  g_assert (adapter != NULL);

  g_hash_table_insert (adapters_by_name, (gpointer) type_name, (gpointer) adapter);
  if (resolved != NULL)
    invalidate_resolved ();
}

void
mig_state_register (GType       widget_type,
                    const char *first_property_name,
                    ...)
{
  g_autoptr(GTypeClass) klass = NULL;
  GPtrArray *pspecs;
  const char *name;
  va_list args;

  g_return_if_fail (g_type_is_a (widget_type, GTK_TYPE_WIDGET));
  g_return_if_fail (first_property_name != NULL);

  ensure_tables ();
  klass = g_type_class_ref (widget_type);

  pspecs = g_hash_table_lookup (registered, GSIZE_TO_POINTER (widget_type));
  if (pspecs == NULL)
    {
      pspecs = g_ptr_array_new ();
      g_hash_table_insert (registered, GSIZE_TO_POINTER (widget_type), pspecs);
    }

  va_start (args, first_property_name);
  for (name = first_property_name; name != NULL; name = va_arg (args, const char *))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), name);

      if (pspec == NULL)
        {
          g_critical ("%s has no property named “%s”", g_type_name (widget_type), name);
          continue;
        }
      if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        {
          g_critical ("Property “%s” of %s must be readable and writable to be continuable",
                      name, g_type_name (widget_type));
          continue;
        }
      if (!g_ptr_array_find (pspecs, pspec, NULL))
        g_ptr_array_add (pspecs, pspec);
    }
  va_end (args);

  invalidate_resolved ();
}

static const MigStateAdapter *
find_adapter (GType type)
{
  g_autofree GType *ifaces = NULL;
  guint n_ifaces = 0;

  /* The most specific class wins over any interface, so that a spin button
   * is saved as a spin button and not as a plain editable. */
  for (GType t = type; t != 0; t = g_type_parent (t))
    {
      const MigStateAdapter *adapter = g_hash_table_lookup (adapters, GSIZE_TO_POINTER (t));
      if (adapter == NULL)
        adapter = g_hash_table_lookup (adapters_by_name, g_type_name (t));
      if (adapter != NULL)
        return adapter;
    }

  for (GType t = type; t != 0; t = g_type_parent (t))
    {
      g_free (ifaces);
      ifaces = g_type_interfaces (t, &n_ifaces);
      for (guint i = 0; i < n_ifaces; i++)
        {
          const MigStateAdapter *adapter = g_hash_table_lookup (adapters, GSIZE_TO_POINTER (ifaces[i]));
          if (adapter != NULL)
            return adapter;
        }
    }

  return NULL;
}

const MigStateResolved *
mig_state_resolve (GType type)
{
  MigStateResolved *r;

  ensure_tables ();

  r = g_hash_table_lookup (resolved, GSIZE_TO_POINTER (type));
  if (r != NULL)
    return r;

  r = g_new0 (MigStateResolved, 1);
  r->stateful = g_type_is_a (type, MIG_TYPE_STATEFUL);
  r->adapter = r->stateful ? NULL : find_adapter (type);
  r->leaf = r->stateful || (r->adapter != NULL && r->adapter->leaf);

  for (GType t = type; t != 0; t = g_type_parent (t))
    {
      GPtrArray *pspecs = g_hash_table_lookup (registered, GSIZE_TO_POINTER (t));

      if (pspecs == NULL)
        continue;
      if (r->pspecs == NULL)
        r->pspecs = g_ptr_array_new ();
      for (guint i = 0; i < pspecs->len; i++)
        if (!g_ptr_array_find (r->pspecs, pspecs->pdata[i], NULL))
          g_ptr_array_add (r->pspecs, pspecs->pdata[i]);
    }

  g_hash_table_insert (resolved, GSIZE_TO_POINTER (type), r);
  return r;
}

gboolean
mig_state_resolved_has_state (const MigStateResolved *r)
{
  return r->stateful || r->adapter != NULL || r->pspecs != NULL;
}

void
mig_state_save_widget (GtkWidget              *widget,
                       const MigStateResolved *r,
                       MigJsonWriter          *props)
{
  if (r->stateful)
    {
      g_autoptr(GVariant) state = mig_stateful_save_state (MIG_STATEFUL (widget));
      if (state != NULL)
        mig_props_set_node (props, "mig-state", mig_state_variant_to_json (state));
    }
  else if (r->adapter != NULL)
    {
      r->adapter->save (widget, props);
    }

  if (r->pspecs == NULL)
    return;

  for (guint i = 0; i < r->pspecs->len; i++)
    {
      GParamSpec *pspec = r->pspecs->pdata[i];
      g_auto(GValue) value = G_VALUE_INIT;
      JsonNode *node;

      g_value_init (&value, pspec->value_type);
      g_object_get_property (G_OBJECT (widget), pspec->name, &value);
      node = mig_state_value_to_json (&value);
      if (node != NULL)
        mig_props_set_node (props, pspec->name, node);
      else
        g_debug ("Property “%s” of %s has a type that cannot be saved",
                 pspec->name, G_OBJECT_TYPE_NAME (widget));
    }
}

void
mig_state_restore_widget (GtkWidget              *widget,
                          const MigStateResolved *r,
                          JsonObject             *props)
{
  if (r->stateful)
    {
      JsonNode *node = json_object_get_member (props, "mig-state");

      if (node != NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GVariant) state = mig_state_variant_from_json (node, &error);

          if (state == NULL ||
              !mig_stateful_restore_state (MIG_STATEFUL (widget), state, &error))
            g_warning ("Could not restore the state of %s: %s",
                       G_OBJECT_TYPE_NAME (widget), error->message);
        }
    }
  else if (r->adapter != NULL)
    {
      r->adapter->restore (widget, props);
    }

  if (r->pspecs == NULL)
    return;

  for (guint i = 0; i < r->pspecs->len; i++)
    {
      GParamSpec *pspec = r->pspecs->pdata[i];
      JsonNode *node = json_object_get_member (props, pspec->name);
      g_auto(GValue) value = G_VALUE_INIT;

      if (node == NULL)
        continue;
      if (mig_state_value_from_json (node, pspec, &value))
        g_object_set_property (G_OBJECT (widget), pspec->name, &value);
      else
        g_warning ("Skipping saved “%s” of %s: it does not fit the property",
                   pspec->name, G_OBJECT_TYPE_NAME (widget));
    }
}

/**
 * mig_widget_set_state_id:
 * @widget: a `GtkWidget`
 * @id: (nullable): the ID of @widget inside its form, or %NULL
 *
 * Gives @widget an ID under which its state is saved, for widgets that were
 * not built from a `GtkBuilder` file with an `id`.  IDs are unique inside
 * the nearest enclosing [class@Mig.Form] or [class@Mig.Window].
 */
void
mig_widget_set_state_id (GtkWidget  *widget,
                         const char *id)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (id == NULL || *id != '\0');

  ensure_tables ();
  g_object_set_qdata_full (G_OBJECT (widget), quark_state_id, g_strdup (id), g_free);
}

/**
 * mig_widget_get_state_id:
 * @widget: a `GtkWidget`
 *
 * Gets the ID under which the state of @widget is saved: the one given with
 * [func@Mig.widget_set_state_id], or else the ID it was given in a
 * `GtkBuilder` file or template (not the names GtkBuilder makes up for
 * objects without one).
 *
 * Returns: (nullable): the state ID of @widget
 */
const char *
mig_widget_get_state_id (GtkWidget *widget)
{
  const char *id;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  ensure_tables ();
  id = g_object_get_qdata (G_OBJECT (widget), quark_state_id);
  if (id != NULL)
    return id;

  id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  if (id == NULL)
    return NULL;

  /* GtkBuilder names objects that have no ID "___object_N___", and a
   * template instance gets its own type's name: neither is an ID that the
   * application chose. */
  if (g_str_has_prefix (id, "___object_"))
    return NULL;
  for (GType t = G_OBJECT_TYPE (widget); t != GTK_TYPE_WIDGET; t = g_type_parent (t))
    if (g_str_equal (id, g_type_name (t)))
      return NULL;
  return id;
}

gboolean
mig_state_id_is_explicit (GtkWidget *widget)
{
  return g_object_get_qdata (G_OBJECT (widget), quark_state_id) != NULL;
}

static gboolean
is_toolkit_type (GType type)
{
  const char *name = g_type_name (type);

  return g_str_has_prefix (name, "Gtk") || g_str_has_prefix (name, "Adw");
}

/*
 * Composite widgets of GTK and libadwaita are built from templates whose
 * objects carry buildable IDs too ("listbox", "enable_switch", …).  Those
 * are the toolkit's internals, not the application's: an ID counts only if
 * no toolkit ancestor bound it as one of its template children.
 */
gboolean
mig_state_id_is_internal (GtkWidget  *widget,
                          GtkWidget  *ancestor,
                          const char *id)
{
  for (GType t = G_OBJECT_TYPE (ancestor); t != GTK_TYPE_WIDGET && t != 0; t = g_type_parent (t))
    {
      if (!is_toolkit_type (t))
        continue;
      if (gtk_widget_get_template_child (ancestor, t, id) == (GObject *) widget)
        return TRUE;
    }
  return FALSE;
}

/**
 * mig_widget_set_continuable:
 * @widget: a `GtkWidget`
 * @continuable: whether the state of @widget may leave this device
 *
 * Includes or excludes @widget (and everything inside it) from checkpoints.
 * Use it for values that must never leave the device.  Password entries
 * (`GtkPasswordEntry`, `AdwPasswordEntryRow`) are excluded unless this is
 * set to %TRUE for them.
 */
void
mig_widget_set_continuable (GtkWidget *widget,
                            gboolean   continuable)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  ensure_tables ();
  g_object_set_qdata (G_OBJECT (widget), quark_continuable,
                      GINT_TO_POINTER (continuable ? 1 : 2));
}

/**
 * mig_widget_get_continuable:
 * @widget: a `GtkWidget`
 *
 * Gets whether the state of @widget is captured by checkpoints.
 *
 * Returns: %TRUE if @widget is captured
 */
gboolean
mig_widget_get_continuable (GtkWidget *widget)
{
  int set;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  ensure_tables ();
  set = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (widget), quark_continuable));
  if (set != 0)
    return set == 1;

  return !GTK_IS_PASSWORD_ENTRY (widget) && !ADW_IS_PASSWORD_ENTRY_ROW (widget);
}

/*
 * GVariants travel as {"type": signature, "value": json}.  json-glib's own
 * mapping loses the type of what is boxed in a "v" (a "u" comes back as an
 * "x"), so every "v" inside is written with its own {"type", "value"} pair;
 * values whose type has no "v" use json-glib's mapping unchanged.  On
 * reading, a "v" in json-glib's plain mapping is accepted too.
 */

static gboolean
type_has_variant (const GVariantType *type)
{
  return strchr (g_variant_type_peek_string (type), 'v') != NULL;
}

static JsonNode *
encode_variant (GVariant *value)
{
  const GVariantType *type = g_variant_get_type (value);

  if (!type_has_variant (type))
    return json_gvariant_serialize (value);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) child = g_variant_get_variant (value);
      return mig_state_variant_to_json (child);
    }

  if (g_variant_type_is_maybe (type))
    {
      g_autoptr(GVariant) child = g_variant_get_maybe (value);
      return child != NULL ? encode_variant (child) : json_node_init_null (json_node_alloc ());
    }

  /* Dictionaries with string keys become objects, as json-glib does. */
  if (g_variant_type_is_array (type) &&
      g_variant_type_is_dict_entry (g_variant_type_element (type)) &&
      g_variant_type_equal (g_variant_type_key (g_variant_type_element (type)), G_VARIANT_TYPE_STRING))
    {
      JsonObject *object = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      gsize n = g_variant_n_children (value);

      for (gsize i = 0; i < n; i++)
        {
          g_autoptr(GVariant) entry = g_variant_get_child_value (value, i);
          g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
          g_autoptr(GVariant) item = g_variant_get_child_value (entry, 1);

          json_object_set_member (object, g_variant_get_string (key, NULL), encode_variant (item));
        }
      json_node_take_object (node, object);
      return node;
    }

  /* Other arrays, tuples and dict entries become JSON arrays. */
  {
    JsonArray *array = json_array_new ();
    JsonNode *node = json_node_new (JSON_NODE_ARRAY);
    gsize n = g_variant_n_children (value);

    for (gsize i = 0; i < n; i++)
      {
        g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
        json_array_add_element (array, encode_variant (child));
      }
    json_node_take_array (node, array);
    return node;
  }
}

static gboolean
is_typed_form (JsonNode *node)
{
  JsonObject *object;
  JsonNode *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  type = json_object_get_member (object, "type");
  return json_object_get_size (object) == 2 && json_object_has_member (object, "value") &&
         type != NULL && JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING &&
         g_variant_type_string_is_valid (json_node_get_string (type));
}

/* Returns a full, non-floating reference: json-glib hands back sunk
 * values, so every value here is owned by whoever decoded it, and given to
 * containers and builders explicitly. */
static GVariant *
decode_variant (JsonNode           *node,
                const GVariantType *type)
{
  g_autofree char *signature = NULL;
  GVariant *value;

  if (!type_has_variant (type))
    {
      signature = g_variant_type_dup_string (type);
      value = json_gvariant_deserialize (node, signature, NULL);
      return value != NULL ? g_variant_take_ref (value) : NULL;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *child;

      /* Our typed form, {"type": "<signature>", "value": …}, must decode as
       * such; anything else is json-glib's plain mapping, as DESIGN.md
       * describes and other writers produce, with the type guessed. */
      if (!is_typed_form (node))
        {
          value = json_gvariant_deserialize (node, "v", NULL);
          return value != NULL ? g_variant_take_ref (value) : NULL;
        }
      child = mig_state_variant_from_json (node, NULL);
      if (child == NULL)
        return NULL;
      value = g_variant_take_ref (g_variant_new_variant (child));
      g_variant_unref (child);
      return value;
    }

  if (g_variant_type_is_maybe (type))
    {
      GVariant *child = NULL;

      if (!JSON_NODE_HOLDS_NULL (node) &&
          (child = decode_variant (node, g_variant_type_element (type))) == NULL)
        return NULL;
      value = g_variant_take_ref (g_variant_new_maybe (g_variant_type_element (type), child));
      g_clear_pointer (&child, g_variant_unref);
      return value;
    }

  if (g_variant_type_is_array (type))
    {
      const GVariantType *element = g_variant_type_element (type);
      g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (type);

      if (g_variant_type_is_dict_entry (element) &&
          g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_STRING))
        {
          JsonObjectIter iter;
          const char *key;
          JsonNode *member;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &key, &member))
            {
              GVariant *item = decode_variant (member, g_variant_type_value (element));

              if (item == NULL)
                return NULL;
              g_variant_builder_add_value (&builder, g_variant_new_dict_entry (g_variant_new_string (key), item));
              g_variant_unref (item);
            }
          return g_variant_take_ref (g_variant_builder_end (&builder));
        }

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return NULL;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        {
          GVariant *item = decode_variant (json_array_get_element (json_node_get_array (node), i), element);

          if (item == NULL)
            return NULL;
          g_variant_builder_add_value (&builder, item);
          g_variant_unref (item);
        }
      return g_variant_take_ref (g_variant_builder_end (&builder));
    }

  /* Tuples and dict entries: one JSON array element per member. */
  {
    g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (type);
    JsonArray *array;
    const GVariantType *member;
    guint i = 0;

    if (!JSON_NODE_HOLDS_ARRAY (node))
      return NULL;
    array = json_node_get_array (node);
    if (json_array_get_length (array) != g_variant_type_n_items (type))
      return NULL;
    for (member = g_variant_type_first (type); member != NULL; member = g_variant_type_next (member), i++)
      {
        GVariant *item = decode_variant (json_array_get_element (array, i), member);

        if (item == NULL)
          return NULL;
        g_variant_builder_add_value (&builder, item);
        g_variant_unref (item);
      }
    return g_variant_take_ref (g_variant_builder_end (&builder));
  }
}

JsonNode *
mig_state_variant_to_json (GVariant *variant)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", g_variant_get_type_string (variant));
  json_object_set_member (object, "value", encode_variant (variant));
  json_node_take_object (node, object);
  return node;
}

GVariant *
mig_state_variant_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(GVariantType) variant_type = NULL;
  JsonObject *object;
  JsonNode *type_node;
  JsonNode *value;
  const char *type;
  GVariant *variant;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);
  type_node = json_object_get_member (object, "type");
  value = json_object_get_member (object, "value");
  if (type_node == NULL || value == NULL || !JSON_NODE_HOLDS_VALUE (type_node) ||
      json_node_get_value_type (type_node) != G_TYPE_STRING)
    goto invalid;
  type = json_node_get_string (type_node);
  if (!g_variant_type_string_is_valid (type) || strlen (type) > 255)
    goto invalid;

  variant_type = g_variant_type_new (type);
  if (!g_variant_type_is_definite (variant_type))
    goto invalid;
  variant = decode_variant (value, variant_type);
  if (variant == NULL)
    goto invalid;
  return variant;

invalid:
  g_set_error_literal (error, MIG_ERROR, MIG_ERROR_INVALID_TREE,
                       _("A saved state is not a valid typed value"));
  return NULL;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Colours travel as [red, green, blue, alpha] doubles: CSS strings round
 * to 8 bits a channel.  A CSS string is accepted too. */
JsonNode *
mig_state_rgba_to_json (const GdkRGBA *rgba)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_array_add_double_element (array, rgba->red);
  json_array_add_double_element (array, rgba->green);
  json_array_add_double_element (array, rgba->blue);
  json_array_add_double_element (array, rgba->alpha);
  json_node_take_array (node, array);
  return node;
}

gboolean
mig_state_rgba_from_json (JsonNode *node,
                          GdkRGBA  *rgba)
{
  float channels[4];
  JsonArray *array;

  if (node_is (node, G_TYPE_STRING))
    return gdk_rgba_parse (rgba, json_node_get_string (node));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) != 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      double v;

      if (!node_is (element, G_TYPE_DOUBLE) && !node_is (element, G_TYPE_INT64))
        return FALSE;
      v = json_node_get_double (element);
      if (!(v >= 0 && v <= 1))
        return FALSE;
      channels[i] = (float) v;
    }
  *rgba = (GdkRGBA) { channels[0], channels[1], channels[2], channels[3] };
  return TRUE;
}

/* The common scalar types are written directly; others go through a node. */
void
mig_state_write_value (MigJsonWriter *writer,
                       const GValue  *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_BOOLEAN:
      mig_json_writer_bool (writer, g_value_get_boolean (value));
      return;
    case G_TYPE_INT:
      mig_json_writer_int (writer, g_value_get_int (value));
      return;
    case G_TYPE_UINT:
      mig_json_writer_int (writer, g_value_get_uint (value));
      return;
    case G_TYPE_DOUBLE:
      mig_json_writer_double (writer, g_value_get_double (value));
      return;
    case G_TYPE_STRING:
      mig_json_writer_string (writer, g_value_get_string (value));
      return;
    default:
      {
        JsonNode *node = mig_state_value_to_json (value);

        if (node == NULL)
          node = json_node_init_null (json_node_alloc ());
        mig_json_writer_node (writer, node);
        json_node_unref (node);
      }
    }
}

JsonNode *
mig_state_value_to_json (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);
  GType fundamental = G_TYPE_FUNDAMENTAL (type);
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (fundamental)
    {
    case G_TYPE_BOOLEAN:
      json_node_set_boolean (node, g_value_get_boolean (value));
      return node;
    case G_TYPE_CHAR:
      json_node_set_int (node, g_value_get_schar (value));
      return node;
    case G_TYPE_UCHAR:
      json_node_set_int (node, g_value_get_uchar (value));
      return node;
    case G_TYPE_INT:
      json_node_set_int (node, g_value_get_int (value));
      return node;
    case G_TYPE_UINT:
      json_node_set_int (node, g_value_get_uint (value));
      return node;
    case G_TYPE_LONG:
      json_node_set_int (node, g_value_get_long (value));
      return node;
    case G_TYPE_ULONG:
      json_node_set_int (node, (gint64) g_value_get_ulong (value));
      return node;
    case G_TYPE_INT64:
      json_node_set_int (node, g_value_get_int64 (value));
      return node;
    case G_TYPE_UINT64:
      json_node_set_int (node, (gint64) g_value_get_uint64 (value));
      return node;
    case G_TYPE_FLOAT:
      json_node_set_double (node, g_value_get_float (value));
      return node;
    case G_TYPE_DOUBLE:
      json_node_set_double (node, g_value_get_double (value));
      return node;
    case G_TYPE_FLAGS:
      json_node_set_int (node, g_value_get_flags (value));
      return node;
    case G_TYPE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (type);
        GEnumValue *ev = g_enum_get_value (klass, g_value_get_enum (value));
        if (ev != NULL)
          json_node_set_string (node, ev->value_nick);
        else
          json_node_set_int (node, g_value_get_enum (value));
        return node;
      }
    case G_TYPE_STRING:
      if (g_value_get_string (value) == NULL)
        json_node_init_null (node);
      else
        json_node_set_string (node, g_value_get_string (value));
      return node;
    case G_TYPE_VARIANT:
      json_node_unref (node);
      if (g_value_get_variant (value) == NULL)
        return json_node_init_null (json_node_alloc ());
      return mig_state_variant_to_json (g_value_get_variant (value));
    default:
      break;
    }

  if (type == GDK_TYPE_RGBA && g_value_get_boxed (value) != NULL)
    {
      json_node_unref (node);
      return mig_state_rgba_to_json (g_value_get_boxed (value));
    }
  if (type == PANGO_TYPE_FONT_DESCRIPTION && g_value_get_boxed (value) != NULL)
    {
      g_autofree char *s = pango_font_description_to_string (g_value_get_boxed (value));
      json_node_set_string (node, s);
      return node;
    }
  if (type == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (value);
      JsonArray *array = json_array_new ();

      for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
        json_array_add_string_element (array, strv[i]);
      json_node_init_array (node, array);
      json_array_unref (array);
      return node;
    }
  if (type == G_TYPE_DATE_TIME && g_value_get_boxed (value) != NULL)
    {
      g_autofree char *s = g_date_time_format_iso8601 (g_value_get_boxed (value));
      json_node_set_string (node, s);
      return node;
    }

  json_node_unref (node);
  return NULL;
}

gboolean
mig_state_value_from_json (JsonNode   *node,
                           GParamSpec *pspec,
                           GValue     *value)
{
  GType type = pspec->value_type;
  GType fundamental = G_TYPE_FUNDAMENTAL (type);

  g_value_init (value, type);

  switch (fundamental)
    {
    case G_TYPE_BOOLEAN:
      if (!node_is (node, G_TYPE_BOOLEAN))
        return FALSE;
      g_value_set_boolean (value, json_node_get_boolean (node));
      break;
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_FLAGS:
      {
        g_auto(GValue) src = G_VALUE_INIT;

        if (!node_is (node, G_TYPE_INT64))
          return FALSE;
        g_value_init (&src, G_TYPE_INT64);
        g_value_set_int64 (&src, json_node_get_int (node));
        if (fundamental == G_TYPE_FLAGS)
          g_value_set_flags (value, (guint) json_node_get_int (node));
        else if (!g_value_transform (&src, value))
          return FALSE;
        break;
      }
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
      if (!node_is (node, G_TYPE_DOUBLE) && !node_is (node, G_TYPE_INT64))
        return FALSE;
      if (fundamental == G_TYPE_FLOAT)
        g_value_set_float (value, (float) json_node_get_double (node));
      else
        g_value_set_double (value, json_node_get_double (node));
      break;
    case G_TYPE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (type);
        GEnumValue *ev = NULL;

        if (node_is (node, G_TYPE_STRING))
          ev = g_enum_get_value_by_nick (klass, json_node_get_string (node));
        else if (node_is (node, G_TYPE_INT64))
          ev = g_enum_get_value (klass, (int) json_node_get_int (node));
        if (ev == NULL)
          return FALSE;
        g_value_set_enum (value, ev->value);
        break;
      }
    case G_TYPE_STRING:
      if (JSON_NODE_HOLDS_NULL (node))
        g_value_set_string (value, NULL);
      else if (node_is (node, G_TYPE_STRING))
        g_value_set_string (value, json_node_get_string (node));
      else
        return FALSE;
      break;
    case G_TYPE_VARIANT:
      {
        GVariant *variant;

        if (JSON_NODE_HOLDS_NULL (node))
          break;
        variant = mig_state_variant_from_json (node, NULL);
        if (variant == NULL)
          return FALSE;
        g_value_take_variant (value, variant);
        break;
      }
    default:
      if (type == GDK_TYPE_RGBA)
        {
          GdkRGBA rgba;
          if (!mig_state_rgba_from_json (node, &rgba))
            return FALSE;
          g_value_set_boxed (value, &rgba);
        }
      else if (type == PANGO_TYPE_FONT_DESCRIPTION && node_is (node, G_TYPE_STRING))
        {
          g_value_take_boxed (value, pango_font_description_from_string (json_node_get_string (node)));
        }
      else if (type == G_TYPE_STRV && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              if (!node_is (element, G_TYPE_STRING))
                return FALSE;
              g_strv_builder_add (builder, json_node_get_string (element));
            }
          g_value_take_boxed (value, g_strv_builder_end (builder));
        }
      else if (type == G_TYPE_DATE_TIME && node_is (node, G_TYPE_STRING))
        {
          GDateTime *dt = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
          if (dt == NULL)
            return FALSE;
          g_value_take_boxed (value, dt);
        }
      else
        return FALSE;
    }

  /* Out-of-range values are a mismatch, not something to clamp silently. */
  return !g_param_value_validate (pspec, value);
}

static JsonNode *
props_member (JsonObject *props,
              const char *key,
              GType       type,
              const char *what)
{
  JsonNode *node = json_object_get_member (props, key);

  if (node == NULL)
    return NULL;
  if (type == G_TYPE_DOUBLE && node_is (node, G_TYPE_INT64))
    return node;
  if (type == G_TYPE_INVALID ? !JSON_NODE_HOLDS_ARRAY (node) : !node_is (node, type))
    {
      g_warning ("Skipping saved “%s”: expected %s", key, what);
      return NULL;
    }
  return node;
}

gboolean
mig_props_get_bool (JsonObject *props,
                    const char *key,
                    gboolean   *out)
{
  JsonNode *node = props_member (props, key, G_TYPE_BOOLEAN, "true or false");

  if (node != NULL)
    *out = json_node_get_boolean (node);
  return node != NULL;
}

gboolean
mig_props_get_int (JsonObject *props,
                   const char *key,
                   gint64     *out)
{
  JsonNode *node = props_member (props, key, G_TYPE_INT64, "a whole number");

  if (node != NULL)
    *out = json_node_get_int (node);
  return node != NULL;
}

gboolean
mig_props_get_double (JsonObject *props,
                      const char *key,
                      double     *out)
{
  JsonNode *node = props_member (props, key, G_TYPE_DOUBLE, "a number");

  if (node != NULL)
    *out = json_node_get_double (node);
  return node != NULL;
}

gboolean
mig_props_get_string (JsonObject  *props,
                      const char  *key,
                      const char **out)
{
  JsonNode *node = props_member (props, key, G_TYPE_STRING, "a string");

  if (node != NULL)
    *out = json_node_get_string (node);
  return node != NULL;
}

JsonArray *
mig_props_get_array (JsonObject *props,
                     const char *key)
{
  JsonNode *node = props_member (props, key, G_TYPE_INVALID, "a list");

  return node != NULL ? json_node_get_array (node) : NULL;
}

JsonObject *
mig_json_get_object (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
mig_json_get_array (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}
