/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#pragma once

#include <adwaita.h>

#include "mig-version.h"

G_BEGIN_DECLS

/* The picker sits below MigApplication (docs/architecture.md): it only
 * needs the type's name. */
typedef struct _MigApplication MigApplication;

#define MIG_TYPE_DEVICE_PICKER (mig_device_picker_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigDevicePicker, mig_device_picker, MIG, DEVICE_PICKER, AdwWindow)

MIG_AVAILABLE_IN_ALL
GtkWidget *mig_device_picker_new (MigApplication *application,
                                  GtkWindow      *parent) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
GtkWidget *mig_device_picker_new_for_form (MigApplication *application,
                                           GtkWindow      *parent,
                                           const char     *form_name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
