/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define GALLERY_TYPE_WINDOW (gallery_window_get_type ())

G_DECLARE_FINAL_TYPE (GalleryWindow, gallery_window, GALLERY, WINDOW, MigWindow)

G_END_DECLS
