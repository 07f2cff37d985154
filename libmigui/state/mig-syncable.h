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

#define MIG_TYPE_SYNCABLE (mig_syncable_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (MigSyncable, mig_syncable, MIG, SYNCABLE, GObject)

/**
 * MigSyncableInterface:
 * @parent_iface: the parent interface
 * @apply_event: applies an event that another copy of the widget emitted;
 *   returns %FALSE with an error (and changes nothing) if it does not fit
 *
 * The interface of [iface@Mig.Syncable].
 */
struct _MigSyncableInterface
{
  GTypeInterface parent_iface;

  gboolean (*apply_event) (MigSyncable  *self,
                           GVariant     *event,
                           GError      **error);

  /*< private >*/
  gpointer padding[6];
};

MIG_AVAILABLE_IN_ALL
void     mig_syncable_emit_event  (MigSyncable  *self,
                                   GVariant     *event);
MIG_AVAILABLE_IN_ALL
gboolean mig_syncable_apply_event (MigSyncable  *self,
                                   GVariant     *event,
                                   GError      **error);

G_END_DECLS
