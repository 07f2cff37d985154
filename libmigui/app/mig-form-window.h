/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include "mig-form.h"
#include "mig-form-sync.h"
#include "mig-window.h"

G_BEGIN_DECLS

#define MIG_TYPE_FORM_WINDOW (mig_form_window_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigFormWindow, mig_form_window, MIG, FORM_WINDOW, MigWindow)

MIG_AVAILABLE_IN_ALL
MigForm     *mig_form_window_get_form (MigFormWindow *self);
MIG_AVAILABLE_IN_ALL
MigFormSync *mig_form_window_get_sync (MigFormWindow *self);

G_END_DECLS
