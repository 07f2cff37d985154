/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>
#include "mig-test-env.h"
#include "gallery-application.h"
#include "gallery-contact-form.h"
#include "gallery-notes-window.h"
#include "gallery-window.h"

G_BEGIN_DECLS

void                mig_test_init               (int          *argc,
                                                 char       ***argv);
int                 mig_test_run                (void);
GalleryApplication *mig_test_gallery_new        (void);
void                mig_test_flush              (void);
gboolean            mig_test_is_maximized       (gpointer      window);
GalleryWindow      *mig_test_new_gallery_window (GalleryApplication *app);
GList              *mig_test_windows_of_type    (GtkApplication *app,
                                                 GType           type);
void                mig_test_record_tree        (MigFormTree  *tree);
MigFormTree        *mig_test_roundtrip          (MigFormTree  *tree);
void                mig_test_destroy_windows    (GtkApplication *app);
GtkWidget          *mig_test_find               (gpointer      root,
                                                 const char   *id);
void                mig_test_quit_app           (gpointer      app);
MigDevicePicker    *mig_test_find_picker        (void);
AdwActionRow       *mig_test_find_row           (GtkWidget    *root,
                                                 const char   *title);

G_END_DECLS
