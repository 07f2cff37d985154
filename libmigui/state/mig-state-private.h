/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include "mig-enums.h"
#include "mig-json-writer-private.h"
#include "mig-state.h"

G_BEGIN_DECLS

/*
 * A state adapter saves the user-mutable state of one widget type into the
 * "props" object of its form-tree entry and applies it back.  A leaf adapter
 * owns everything below its widget: the walk does not descend into it.
 */
typedef struct
{
  const char *name;
  gboolean    leaf;
  void      (*save)    (GtkWidget     *widget,
                        MigJsonWriter *props);
  void      (*restore) (GtkWidget  *widget,
                        JsonObject *props);
} MigStateAdapter;

typedef struct
{
  const MigStateAdapter *adapter;      /* NULL when the type has no built-in adapter */
  GPtrArray             *pspecs;       /* registered properties (GParamSpec), may be NULL */
  gboolean               stateful;     /* the type implements MigStateful */
  gboolean               leaf;
} MigStateResolved;

void                    mig_state_register_adapter    (GType                  type,
                                                       const MigStateAdapter *adapter);
void                    mig_state_register_adapter_by_name (const char            *type_name,
                                                            const MigStateAdapter *adapter);
void                    mig_state_register_builtins   (void);
const MigStateResolved *mig_state_resolve             (GType                  type);
gboolean                mig_state_resolved_has_state  (const MigStateResolved *resolved);
void                    mig_state_save_widget         (GtkWidget             *widget,
                                                       const MigStateResolved *resolved,
                                                       MigJsonWriter         *props);
void                    mig_state_write_value         (MigJsonWriter         *writer,
                                                       const GValue          *value);
void                    mig_state_restore_widget      (GtkWidget             *widget,
                                                       const MigStateResolved *resolved,
                                                       JsonObject            *props);
gboolean                mig_state_id_is_internal      (GtkWidget             *widget,
                                                       GtkWidget             *ancestor,
                                                       const char            *id);
gboolean                mig_state_id_is_explicit      (GtkWidget             *widget);

JsonNode               *mig_state_value_to_json       (const GValue          *value);
gboolean                mig_state_value_from_json     (JsonNode              *node,
                                                       GParamSpec            *pspec,
                                                       GValue                *value);
JsonNode               *mig_state_rgba_to_json        (const GdkRGBA         *rgba);
gboolean                mig_state_rgba_from_json      (JsonNode              *node,
                                                       GdkRGBA               *rgba);
JsonNode               *mig_state_variant_to_json     (GVariant              *variant);
GVariant               *mig_state_variant_from_json   (JsonNode              *node,
                                                       GError               **error);

/* Writers for the members of a props object being saved. */
static inline void
mig_props_set_string (MigJsonWriter *w, const char *key, const char *value)
{
  mig_json_writer_key (w, key);
  mig_json_writer_string (w, value);
}

static inline void
mig_props_set_int (MigJsonWriter *w, const char *key, gint64 value)
{
  mig_json_writer_key (w, key);
  mig_json_writer_int (w, value);
}

static inline void
mig_props_set_double (MigJsonWriter *w, const char *key, double value)
{
  mig_json_writer_key (w, key);
  mig_json_writer_double (w, value);
}

static inline void
mig_props_set_bool (MigJsonWriter *w, const char *key, gboolean value)
{
  mig_json_writer_key (w, key);
  mig_json_writer_bool (w, value);
}

static inline void
mig_props_set_node (MigJsonWriter *w, const char *key, JsonNode *node)
{
  mig_json_writer_key (w, key);
  mig_json_writer_node (w, node);
  json_node_unref (node);
}

/* Typed readers for a props object: FALSE when the member is absent, and
 * also (with a warning) when it has the wrong type, so that a mismatch is
 * skipped rather than applied. */
gboolean                mig_props_get_bool            (JsonObject            *props,
                                                       const char            *key,
                                                       gboolean              *out);
gboolean                mig_props_get_int             (JsonObject            *props,
                                                       const char            *key,
                                                       gint64                *out);
gboolean                mig_props_get_double          (JsonObject            *props,
                                                       const char            *key,
                                                       double                *out);
gboolean                mig_props_get_string          (JsonObject            *props,
                                                       const char            *key,
                                                       const char           **out);
/* Members that may be absent: NULL instead of json-glib's critical. */
JsonObject             *mig_json_get_object           (JsonObject            *object,
                                                       const char            *name);
JsonArray              *mig_json_get_array            (JsonObject            *object,
                                                       const char            *name);
JsonArray              *mig_props_get_array           (JsonObject            *props,
                                                       const char            *key);

/* An adapter of one property, saved as its value (mig_state_write_value). */

#define MIG_PROPERTY_ADAPTER(ident, prop, is_leaf)                                \
  static void ident##_save (GtkWidget *widget, MigJsonWriter *props)          \
  {                                                                           \
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), prop); \
    g_auto(GValue) value = G_VALUE_INIT;                                      \
    g_value_init (&value, pspec->value_type);                                 \
    g_object_get_property (G_OBJECT (widget), prop, &value);                  \
    mig_json_writer_key (props, prop);                                        \
    mig_state_write_value (props, &value);                                    \
  }                                                                           \
  static void ident##_restore (GtkWidget *widget, JsonObject *props)          \
  {                                                                           \
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), prop); \
    JsonNode *node = json_object_get_member (props, prop);                    \
    g_auto(GValue) value = G_VALUE_INIT;                                      \
    if (node == NULL)                                                         \
      return;                                                                 \
    if (mig_state_value_from_json (node, pspec, &value))                      \
      g_object_set_property (G_OBJECT (widget), prop, &value);                \
    else                                                                      \
      g_warning ("Skipping saved “%s” of %s: it does not fit the property",   \
                 prop, G_OBJECT_TYPE_NAME (widget));                          \
  }                                                                           \
  static const MigStateAdapter ident##_adapter = { #ident, is_leaf, ident##_save, ident##_restore };


/* Shared by the adapter files: mig-state-adapters.c defines the first two,
 * mig-state-adapters-tree-view.c the third. */
extern const MigStateAdapter mig_state_list_view_adapter;
extern const MigStateAdapter mig_state_color_chooser_adapter;
extern const MigStateAdapter mig_state_tree_view_adapter;

void mig_state_register_current_adapters (void);

G_END_DECLS

G_BEGIN_DECLS

/* Walking a scope (a MigWindow or a MigForm): see mig-state-scope.c. */
void       mig_state_capture_scope (GtkWidget     *root,
                                    MigJsonWriter *scope,
                                    GtkWidget     *focus,
                                    char         **focus_path,
                                    guint         *n_widgets);
gboolean   mig_state_restore_scope (GtkWidget   *root,
                                    JsonObject  *scope,
                                    GError     **error);
GtkWidget *mig_state_find_path     (GtkWidget   *root,
                                    const char  *path);

typedef void (*MigStateVisitFunc) (GtkWidget              *widget,
                                   const char             *path,
                                   const MigStateResolved *resolved,
                                   gpointer                data);

void       mig_state_walk_scope    (GtkWidget         *root,
                                    MigStateVisitFunc  visit,
                                    gpointer           data);

G_END_DECLS
