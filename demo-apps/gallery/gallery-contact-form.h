/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define GALLERY_TYPE_CONTACT_FORM (gallery_contact_form_get_type ())

G_DECLARE_FINAL_TYPE (GalleryContactForm, gallery_contact_form, GALLERY, CONTACT_FORM, MigForm)

G_END_DECLS
