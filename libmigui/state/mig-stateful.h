/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <glib-object.h>
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_STATEFUL (mig_stateful_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (MigStateful, mig_stateful, MIG, STATEFUL, GObject)

/**
 * MigStatefulInterface:
 * @save_state: returns the widget's user-mutable state as a floating or full
 *   reference to a [struct@GLib.Variant] of any type
 * @restore_state: applies a state previously returned by @save_state; returns
 *   %FALSE and sets @error if the state cannot be applied
 *
 * The interface a custom widget implements to save and restore itself.
 */
struct _MigStatefulInterface
{
  GTypeInterface parent_iface;

  GVariant *(*save_state)    (MigStateful  *self);
  gboolean  (*restore_state) (MigStateful  *self,
                              GVariant     *state,
                              GError      **error);

  /*< private >*/
  gpointer padding[6];
};

MIG_AVAILABLE_IN_ALL
GVariant *mig_stateful_save_state    (MigStateful  *self) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
gboolean  mig_stateful_restore_state (MigStateful  *self,
                                      GVariant     *state,
                                      GError      **error);
MIG_AVAILABLE_IN_ALL
void      mig_stateful_state_changed (MigStateful  *self);

G_END_DECLS
