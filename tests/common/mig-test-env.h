/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <migui.h>

G_BEGIN_DECLS

/* For tests without windows (the shell's, the core's): no GTK, no
 * gallery.  The GUI tests' helpers are in mig-test-utils.h. */

void     mig_test_env_init_installed  (int          *argc,
                                       char       ***argv,
                                       const char   *app_id,
                                       const char   *app_name);
int      mig_test_env_run             (void);
const char *mig_test_env_get_root     (void);
gboolean mig_test_wait_for            (gboolean    (*condition) (gpointer),
                                       gpointer      data,
                                       guint         timeout_ms);
void     mig_test_pair_dirs           (const char   *config_dir_a,
                                       const char   *config_dir_b);
void     mig_test_remove_tree         (const char   *path);
MigChannelListener *mig_test_channel_pair (MigChannelFlags  flags,
                                           MigChannel     **accepted,
                                           MigChannel     **connected);
void     mig_test_install_gallery     (void);

G_END_DECLS
