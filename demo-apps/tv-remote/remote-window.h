/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define REMOTE_TYPE_WINDOW (remote_window_get_type ())

G_DECLARE_FINAL_TYPE (RemoteWindow, remote_window, REMOTE, WINDOW, MigWindow)

void remote_window_select (RemoteWindow *self,
                          guint         programme);

G_END_DECLS
