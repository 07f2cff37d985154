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

MIG_AVAILABLE_IN_ALL
void        mig_state_register            (GType        widget_type,
                                           const char  *first_property_name,
                                           ...) G_GNUC_NULL_TERMINATED;

MIG_AVAILABLE_IN_ALL
void        mig_widget_set_state_id       (GtkWidget   *widget,
                                           const char  *id);
MIG_AVAILABLE_IN_ALL
const char *mig_widget_get_state_id       (GtkWidget   *widget);

MIG_AVAILABLE_IN_ALL
void        mig_widget_set_continuable    (GtkWidget   *widget,
                                           gboolean     continuable);
MIG_AVAILABLE_IN_ALL
gboolean    mig_widget_get_continuable    (GtkWidget   *widget);

G_END_DECLS
