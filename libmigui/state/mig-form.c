/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mig-form.h"
#include "mig-form-private.h"

/**
 * MigForm:
 *
 * A sub-interface of a window: the scope of widget state IDs.
 *
 * Widget IDs must be unique inside a form, not across the whole window, so
 * the same form can be used several times.  A form is saved under its
 * [property@Mig.Form:form-name] (its type name when unset) and found again
 * on restore by that name and its rank among the forms of the same name.
 *
 * A form is also the unit that a later version distributes to another device
 * on its own.
 */

typedef struct
{
  GtkWidget *child;
  GtkWidget *placeholder;
  char *form_name;
} MigFormPrivate;

static void mig_form_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (MigForm, mig_form, GTK_TYPE_WIDGET,
                         G_ADD_PRIVATE (MigForm)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, mig_form_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_CHILD,
  PROP_FORM_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mig_form_dispose (GObject *object)
{
  MigForm *self = MIG_FORM (object);
  MigFormPrivate *priv = mig_form_get_instance_private (self);

  g_clear_pointer (&priv->child, gtk_widget_unparent);
  g_clear_pointer (&priv->placeholder, gtk_widget_unparent);

  G_OBJECT_CLASS (mig_form_parent_class)->dispose (object);
}

static void
mig_form_finalize (GObject *object)
{
  MigFormPrivate *priv = mig_form_get_instance_private (MIG_FORM (object));

  g_free (priv->form_name);

  G_OBJECT_CLASS (mig_form_parent_class)->finalize (object);
}

static void
mig_form_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MigForm *self = MIG_FORM (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, mig_form_get_child (self));
      break;
    case PROP_FORM_NAME:
      g_value_set_string (value, mig_form_get_form_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_form_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MigForm *self = MIG_FORM (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      mig_form_set_child (self, g_value_get_object (value));
      break;
    case PROP_FORM_NAME:
      mig_form_set_form_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_form_class_init (MigFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mig_form_dispose;
  object_class->finalize = mig_form_finalize;
  object_class->get_property = mig_form_get_property;
  object_class->set_property = mig_form_set_property;

  /**
   * MigForm:child:
   *
   * The child widget of the form.
   */
  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigForm:form-name:
   *
   * The name under which the form is saved in a form tree.
   */
  properties[PROP_FORM_NAME] =
    g_param_spec_string ("form-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "form");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mig_form_init (MigForm *self)
{
}

static void
mig_form_buildable_add_child (GtkBuildable *buildable,
                              GtkBuilder   *builder,
                              GObject      *child,
                              const char   *type)
{
  if (GTK_IS_WIDGET (child))
    mig_form_set_child (MIG_FORM (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
mig_form_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = mig_form_buildable_add_child;
}

/**
 * mig_form_new:
 * @form_name: (nullable): the name of the form in form trees
 *
 * Creates a new `MigForm`.
 *
 * Returns: the new form
 */
GtkWidget *
mig_form_new (const char *form_name)
{
  return g_object_new (MIG_TYPE_FORM, "form-name", form_name, NULL);
}

/**
 * mig_form_get_child:
 * @self: a `MigForm`
 *
 * Gets the child widget of @self.
 *
 * Returns: (nullable) (transfer none): the child widget
 */
GtkWidget *
mig_form_get_child (MigForm *self)
{
  MigFormPrivate *priv;

  g_return_val_if_fail (MIG_IS_FORM (self), NULL);

  priv = mig_form_get_instance_private (self);
  return priv->child;
}

/**
 * mig_form_set_child:
 * @self: a `MigForm`
 * @child: (nullable): the child widget
 *
 * Sets the child widget of @self.
 */
void
mig_form_set_child (MigForm   *self,
                    GtkWidget *child)
{
  MigFormPrivate *priv;

  g_return_if_fail (MIG_IS_FORM (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  priv = mig_form_get_instance_private (self);
  if (priv->child == child)
    return;

  g_clear_pointer (&priv->child, gtk_widget_unparent);
  if (child != NULL)
    {
      priv->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
      gtk_widget_set_child_visible (child, priv->placeholder == NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

/**
 * mig_form_get_form_name:
 * @self: a `MigForm`
 *
 * Gets the name under which @self is saved.
 *
 * Returns: (nullable): the form name
 */
const char *
mig_form_get_form_name (MigForm *self)
{
  MigFormPrivate *priv;

  g_return_val_if_fail (MIG_IS_FORM (self), NULL);

  priv = mig_form_get_instance_private (self);
  return priv->form_name;
}

/**
 * mig_form_set_form_name:
 * @self: a `MigForm`
 * @form_name: (nullable): the form name
 *
 * Sets the name under which @self is saved in form trees.  Forms in the same
 * window may share a name; they are then told apart by their order.
 */
void
mig_form_set_form_name (MigForm    *self,
                        const char *form_name)
{
  MigFormPrivate *priv;

  g_return_if_fail (MIG_IS_FORM (self));

  priv = mig_form_get_instance_private (self);
  if (g_strcmp0 (priv->form_name, form_name) == 0)
    return;

  g_free (priv->form_name);
  priv->form_name = g_strdup (form_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM_NAME]);
}

/*
 * Shows @placeholder in the form's place, or the form again with NULL:
 * while the form lives on another device, its home shows where it is.
 * The form's own content stays, hidden, and keeps following.
 */
void
mig_form_set_placeholder (MigForm   *self,
                          GtkWidget *placeholder)
{
  MigFormPrivate *priv = mig_form_get_instance_private (self);

  g_clear_pointer (&priv->placeholder, gtk_widget_unparent);
  if (placeholder != NULL)
    {
      priv->placeholder = placeholder;
      gtk_widget_insert_after (placeholder, GTK_WIDGET (self), priv->child);
    }
  if (priv->child != NULL)
    gtk_widget_set_child_visible (priv->child, placeholder == NULL);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GtkWidget *
mig_form_get_placeholder (MigForm *self)
{
  MigFormPrivate *priv = mig_form_get_instance_private (self);

  return priv->placeholder;
}
