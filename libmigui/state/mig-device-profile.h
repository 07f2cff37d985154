/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include "mig-enums.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_DEVICE_PROFILE (mig_device_profile_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigDeviceProfile, mig_device_profile, MIG, DEVICE_PROFILE, GObject)

MIG_AVAILABLE_IN_ALL
MigDeviceProfile *mig_device_profile_new             (MigFormFactor     form_factor,
                                                      int               width,
                                                      int               height,
                                                      int               scale,
                                                      gboolean          touch) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
MigDeviceProfile *mig_device_profile_new_for_display (GdkDisplay       *display) G_GNUC_WARN_UNUSED_RESULT;

MIG_AVAILABLE_IN_ALL
MigFormFactor     mig_device_profile_get_form_factor (MigDeviceProfile *self);
MIG_AVAILABLE_IN_ALL
int               mig_device_profile_get_width       (MigDeviceProfile *self);
MIG_AVAILABLE_IN_ALL
int               mig_device_profile_get_height      (MigDeviceProfile *self);
MIG_AVAILABLE_IN_ALL
int               mig_device_profile_get_scale       (MigDeviceProfile *self);
MIG_AVAILABLE_IN_ALL
gboolean          mig_device_profile_get_touch       (MigDeviceProfile *self);
MIG_AVAILABLE_IN_ALL
gboolean          mig_device_profile_equal           (MigDeviceProfile *self,
                                                      MigDeviceProfile *other);

MIG_AVAILABLE_IN_ALL
const char       *mig_form_factor_to_string          (MigFormFactor     form_factor);
MIG_AVAILABLE_IN_ALL
gboolean          mig_form_factor_from_string        (const char       *str,
                                                      MigFormFactor    *form_factor);

G_END_DECLS
