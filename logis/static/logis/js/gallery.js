// The gallery of an offer's photos: a strip of slides that scrolls with snapping (a swipe on a phone), with
// « Photo précédente / suivante » buttons, the arrow keys on the strip, and thumbnails that go to their photo.
// Without this script the strip scrolls and the thumbnails are links to the slides.
(function () {
  "use strict";

  function setUp(gallery) {
    var track = gallery.querySelector("[data-gallery-track]");
    var slides = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-slide]"));
    var controls = gallery.querySelector("[data-gallery-controls]");
    var status = gallery.querySelector("[data-gallery-status]");
    if (!track || slides.length < 2 || !controls) return;
    controls.hidden = false;
    var current = 0;

    function show(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      track.scrollTo({ left: slides[current].offsetLeft - track.offsetLeft, behavior: "smooth" });
      announce();
    }

    function announce() {
      if (status) status.textContent = "Photo " + (current + 1) + " sur " + slides.length;
    }

    gallery.querySelector("[data-gallery-prev]").addEventListener("click", function () {
      show(current - 1);
    });
    gallery.querySelector("[data-gallery-next]").addEventListener("click", function () {
      show(current + 1);
    });
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === "ArrowLeft") {
        event.preventDefault();
        show(current - 1);
      }
    });
    gallery.querySelectorAll("[data-gallery-thumb]").forEach(function (thumb) {
      thumb.addEventListener("click", function (event) {
        event.preventDefault();
        show(parseInt(thumb.dataset.galleryThumb, 10));
      });
    });
    // A swipe moves the strip: the counter follows the slide in view.
    var timer = null;
    track.addEventListener("scroll", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var left = track.scrollLeft;
        var nearest = 0;
        slides.forEach(function (slide, index) {
          var distance = Math.abs(slide.offsetLeft - track.offsetLeft - left);
          if (distance < Math.abs(slides[nearest].offsetLeft - track.offsetLeft - left)) nearest = index;
        });
        if (nearest !== current) {
          current = nearest;
          announce();
        }
      }, 120);
    });
  }

  document.querySelectorAll("[data-gallery]").forEach(setUp);
})();
