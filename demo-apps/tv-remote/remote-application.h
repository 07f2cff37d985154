/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define REMOTE_TYPE_APPLICATION (remote_application_get_type ())

G_DECLARE_FINAL_TYPE (RemoteApplication, remote_application, REMOTE, APPLICATION, MigApplication)

RemoteApplication *remote_application_new              (void);
const char        *remote_application_get_now_playing  (RemoteApplication *self);
gboolean           remote_application_get_connected    (RemoteApplication *self);
void               remote_application_select           (RemoteApplication *self,
                                                        guint              programme);
void               remote_application_press            (RemoteApplication *self,
                                                        const char        *key);

G_END_DECLS
