/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_FORM (mig_form_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (MigForm, mig_form, MIG, FORM, GtkWidget)

/**
 * MigFormClass:
 * @parent_class: the parent class
 *
 * The class structure of [class@Mig.Form].
 */
struct _MigFormClass
{
  GtkWidgetClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

MIG_AVAILABLE_IN_ALL
GtkWidget  *mig_form_new           (const char *form_name);
MIG_AVAILABLE_IN_ALL
GtkWidget  *mig_form_get_child     (MigForm    *self);
MIG_AVAILABLE_IN_ALL
void        mig_form_set_child     (MigForm    *self,
                                    GtkWidget  *child);
MIG_AVAILABLE_IN_ALL
const char *mig_form_get_form_name (MigForm    *self);
MIG_AVAILABLE_IN_ALL
void        mig_form_set_form_name (MigForm    *self,
                                    const char *form_name);

G_END_DECLS
