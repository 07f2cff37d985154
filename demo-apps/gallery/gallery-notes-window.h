/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define GALLERY_TYPE_NOTES_WINDOW (gallery_notes_window_get_type ())

G_DECLARE_FINAL_TYPE (GalleryNotesWindow, gallery_notes_window, GALLERY, NOTES_WINDOW, MigWindow)

const char *gallery_notes_window_get_tag (GalleryNotesWindow *self);
void        gallery_notes_window_set_tag (GalleryNotesWindow *self,
                                          const char         *tag);

G_END_DECLS
