/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gallery-contact-form.h"

/* A form used twice in the gallery window: its IDs ("name", "email") are
 * unique inside the form only, which is what forms are for. */
struct _GalleryContactForm
{
  MigForm parent_instance;
};

G_DEFINE_FINAL_TYPE (GalleryContactForm, gallery_contact_form, MIG_TYPE_FORM)

static void
gallery_contact_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GALLERY_TYPE_CONTACT_FORM);

  G_OBJECT_CLASS (gallery_contact_form_parent_class)->dispose (object);
}

static void
gallery_contact_form_class_init (GalleryContactFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gallery_contact_form_dispose;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/migui/Gallery/gallery-contact-form.ui");
}

static void
gallery_contact_form_init (GalleryContactForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
