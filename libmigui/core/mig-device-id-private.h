/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *mig_device_id_load    (const char  *config_dir,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
const char *mig_device_id_get     (void);

G_END_DECLS
