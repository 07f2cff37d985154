/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <gio/gio.h>
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_CHANNEL_LISTENER (mig_channel_listener_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigChannelListener, mig_channel_listener, MIG, CHANNEL_LISTENER, GObject)

MIG_AVAILABLE_IN_ALL
MigChannelListener *mig_channel_listener_new      (void) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
gboolean            mig_channel_listener_listen   (MigChannelListener  *self,
                                                   const char          *address,
                                                   guint16              port,
                                                   GError             **error);
MIG_AVAILABLE_IN_ALL
guint16             mig_channel_listener_get_port (MigChannelListener  *self);
MIG_AVAILABLE_IN_ALL
void                mig_channel_listener_close    (MigChannelListener  *self);

G_END_DECLS
