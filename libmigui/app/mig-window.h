/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <adwaita.h>
#include "mig-device-profile.h"
#include "mig-enums.h"
#include "mig-peer.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_WINDOW (mig_window_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (MigWindow, mig_window, MIG, WINDOW, AdwApplicationWindow)

/**
 * MigWindowClass:
 * @parent_class: the parent class
 * @save_state: class handler of [signal@Mig.Window::save-state]
 * @restore_state: class handler of [signal@Mig.Window::restore-state]
 * @pre_migrate: class handler of [signal@Mig.Window::pre-migrate]
 * @post_migrate: class handler of [signal@Mig.Window::post-migrate]
 * @adapt: class handler of [signal@Mig.Window::adapt]
 *
 * The class structure of [class@Mig.Window].
 */
struct _MigWindowClass
{
  AdwApplicationWindowClass parent_class;

  void (*save_state)    (MigWindow        *self,
                         GVariantDict     *dict);
  void (*restore_state) (MigWindow        *self,
                         GVariant         *state);
  void (*pre_migrate)   (MigWindow        *self,
                         MigPeer          *peer);
  void (*post_migrate)  (MigWindow        *self,
                         MigRestoreReason  reason);
  void (*adapt)         (MigWindow        *self,
                         MigDeviceProfile *profile);

  /*< private >*/
  gpointer padding[8];
};

MIG_AVAILABLE_IN_ALL
MigDeviceProfile *mig_window_get_origin_profile (MigWindow *self);

G_END_DECLS
