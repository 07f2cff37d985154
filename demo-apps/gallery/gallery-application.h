/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define GALLERY_TYPE_APPLICATION (gallery_application_get_type ())

G_DECLARE_FINAL_TYPE (GalleryApplication, gallery_application, GALLERY, APPLICATION, MigApplication)

GalleryApplication *gallery_application_new (void);

G_END_DECLS
