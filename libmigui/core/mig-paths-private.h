/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *mig_default_config_dir  (void) G_GNUC_WARN_UNUSED_RESULT;
char     *mig_incoming_dir        (void) G_GNUC_WARN_UNUSED_RESULT;
char     *mig_app_state_dir       (const char  *app_id) G_GNUC_WARN_UNUSED_RESULT;
gboolean  mig_write_private_file  (const char  *path,
                                   const char  *contents,
                                   GError     **error);

G_END_DECLS
